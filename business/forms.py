"""The day's figures form, the import form and the token form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kernel.fields import limit_text
from staff.templatetags.form_words import BlanksInWords

from .importer import LIMITS
from .metrics import CLUB_KEYS, METRICS, MONEY

LOCK_REASON = {"max_length": 100, "required": False, "label": _("Reason for changing a locked month")}


def _figure_field(key, label=None, *, small=False):
    kind = "services" if METRICS[key].per_person else METRICS[key].unit
    largest, places = LIMITS[kind]
    step = "0.01" if kind == MONEY else ("0.5" if kind == "services" else "1")
    attrs = {"inputmode": "decimal" if places else "numeric", "step": step, "min": "0"}
    if small:
        attrs["class"] = "form-control form-control-sm"
    return forms.DecimalField(label=label or METRICS[key].label, required=False, min_value=0, max_value=largest,
                              decimal_places=places, widget=forms.NumberInput(attrs=attrs))


class DayForm(BlanksInWords, forms.Form):
    """The club's figures of one day and each technician's services, saved together or not at all.

    A field left empty is a figure not known. ``people`` are the technicians listed; their fields are
    ``s<id>`` (services) and ``r<id>`` (requested services)."""

    def __init__(self, *args, people=(), locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        for key in CLUB_KEYS:
            self.fields[key] = _figure_field(key)
        self.people = list(people)
        for person in self.people:
            self.fields[f"s{person.pk}"] = _figure_field("services", label=_("Services (鐘數)"), small=True)
            self.fields[f"r{person.pk}"] = _figure_field("requested_services", label=_("Requested (點鐘)"),
                                                         small=True)
            # The row's <label> names the person for the services field; a screen reader reads this one too.
            self.fields[f"r{person.pk}"].widget.attrs["aria-label"] = f"{person.name} · {_('Requested (點鐘)')}"
        self.locked = locked
        if locked:
            self.fields["lock_reason"] = forms.CharField(**LOCK_REASON)

    def rows(self):
        """(person, services field, requested field) for the template."""
        return [(p, self[f"s{p.pk}"], self[f"r{p.pk}"]) for p in self.people]

    def club_fields(self):
        return [self[key] for key in CLUB_KEYS]

    def clean(self):
        data = super().clean()
        for person in self.people:
            services, requested = data.get(f"s{person.pk}"), data.get(f"r{person.pk}")
            if services is not None and requested is not None and requested > services:
                self.add_error(f"r{person.pk}", _("More requested services than services."))
        return data

    def figures(self):
        """The cleaned values as ``services.save_figures`` takes them (empty: cleared)."""
        data = self.cleaned_data
        return {
            "club": {key: data.get(key) for key in CLUB_KEYS},
            "people": {p: {"services": data.get(f"s{p.pk}"), "requested_services": data.get(f"r{p.pk}")}
                       for p in self.people},
        }


class ImportForm(BlanksInWords, forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    lock_reason = forms.CharField(
        **{**LOCK_REASON, "help_text": _("Only for figures of a locked month (the store manager's or the owner's).")})

    MAX_MB = 5

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_MB * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(mb)s MB; import it in parts (e.g. a month at a "
                                    "time).") % {"mb": self.MAX_MB})
        return upload


@limit_text(name=60)
class TokenForm(BlanksInWords, forms.Form):
    name = forms.CharField(label=_("What will use it"), help_text=_("e.g. the till, the booking system."))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Name what will use the token."))
        return name
