"""``{{ value|percent }}``: a rate written the one way ClubOps writes rates (``kernel.rates.percent``)."""

from django import template

from kernel import rates

register = template.Library()


@register.filter
def percent(value):
    return rates.percent(value)
