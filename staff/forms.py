from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubops.widgets import DateInput

from . import access
from .models import Department, Person, Role, Team


class PersonForm(forms.ModelForm):
    """Add or edit a person. Choices are limited to what the signed-in manager may use."""

    class Meta:
        model = Person
        fields = ["name", "gender", "phone", "hire_date", "club", "department", "position", "reports_to", "team", "level"]
        widgets = {"hire_date": DateInput()}

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        clubs = access.clubs_for_people_forms(viewer)
        self.fields["club"].queryset = clubs
        self.fields["club"].required = viewer.position != Role.OWNER
        if viewer.position != Role.OWNER:
            self.fields["club"].initial = viewer.club_id
            positions = [choice for choice in Role.choices if choice[0] != Role.OWNER]
            self.fields["position"].choices = positions
        self.fields["department"].queryset = Department.objects.filter(club__in=clubs).select_related("club")
        self.fields["team"].queryset = Team.objects.filter(club__in=clubs).select_related("club")
        self.fields["reports_to"].queryset = (
            Person.objects.active().filter(club__in=clubs).exclude(position=Role.TECHNICIAN)
            | Person.objects.filter(position=Role.OWNER)
        )
        if self.instance.pk:
            self.fields["reports_to"].queryset = self.fields["reports_to"].queryset.exclude(pk=self.instance.pk)
        self.fields["hire_date"].initial = timezone.localdate()

    def clean_hire_date(self):
        hire_date = self.cleaned_data["hire_date"]
        if hire_date and hire_date > timezone.localdate():
            raise forms.ValidationError(_("The hire date cannot be in the future."))
        if hire_date and hire_date.year < 1900:  # a mistyped year, e.g. 0001; reports count months back from it
            raise forms.ValidationError(_("Check the year of the hire date."))
        return hire_date

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the person's name."))
        return name


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Name or phone")}))
    club = forms.ModelChoiceField(label=_("Club"), queryset=None, required=False, empty_label=_("All clubs"))
    position = forms.ChoiceField(label=_("Position"), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("All teams"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("left", _("Left")), ("all", _("All"))],
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = access.visible_clubs(viewer)
        if viewer.position != Role.OWNER:
            del self.fields["club"]
        self.fields["position"].choices = [("", _("All positions"))] + list(Role.choices)
        self.fields["team"].queryset = access.visible_teams(viewer).select_related("club")

    def filter(self, people):
        if not self.is_valid():
            return people.filter(status=Person.Status.ACTIVE)
        data = self.cleaned_data
        if data.get("q"):
            people = people.filter(name__icontains=data["q"]) | people.filter(phone__contains=data["q"])
        if data.get("club"):
            people = people.filter(club=data["club"])
        if data.get("position"):
            people = people.filter(position=data["position"])
        if data.get("team"):
            people = people.filter(team=data["team"])
        status = data.get("status") or "active"
        if status != "all":
            people = people.filter(status=status)
        return people


class MoveTeamForm(forms.Form):
    team = forms.ModelChoiceField(label=_("New team"), queryset=None)

    def __init__(self, *args, viewer, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["team"].queryset = (
            access.visible_teams(viewer).filter(club_id=person.club_id).select_related("supervisor")
        )

    def clean_team(self):
        team = self.cleaned_data["team"]
        if team.pk == self.person.team_id:
            raise forms.ValidationError(_("%(name)s is already in this team.") % {"name": self.person.name})
        return team


class DeactivateForm(forms.Form):
    left_on = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["left_on"].initial = timezone.localdate()

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(_("The last day cannot be in the future."))
        if left_on < self.person.hire_date:
            raise forms.ValidationError(_("The last day cannot be before the hire date."))
        return left_on


class LoginAccountForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person.user_id:
            self.fields["username"].initial = person.user.username

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        taken = get_user_model().objects.filter(username__iexact=username)
        if self.person.user_id:
            taken = taken.exclude(pk=self.person.user_id)
        if taken.exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = self.person.user or get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
