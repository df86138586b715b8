from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.fields import SHORT_TEXT, DateField, HireDateField, limit_text
from kernel.widgets import DateInput

from . import access
from .models import Club, Department, Person, Role, Team
from .templatetags.form_words import BlanksInWords

# Who stands above whom in a club, for the reporting line: a person reports to someone of a lower number.
RANK = {
    Role.OWNER: 0, Role.STORE_MANAGER: 1, Role.MARKETING_DIRECTOR: 2, Role.CARE_MANAGER: 2,
    Role.TECHNICIAN_MANAGER: 2, Role.TECHNICAL_MANAGER: 3, Role.SUPERVISOR: 4,
    Role.CUSTOMER_MANAGER: 5, Role.TECHNICIAN: 5,
}


class PersonForm(BlanksInWords, forms.ModelForm):
    """Add or edit a person. Choices are limited to what the signed-in manager may use."""

    class Meta:
        model = Person
        fields = ["name", "gender", "phone", "hire_date", "club", "department", "position", "reports_to", "team", "level"]
        widgets = {"hire_date": DateInput()}
        field_classes = {"hire_date": HireDateField}

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
        self.fields["team"].queryset = Team.objects.filter(club__in=clubs, closed_on__isnull=True).select_related("club")
        # Only people who lead someone, never a technician or customer manager (their rank is checked in
        # clean); the owner only on the owner's own form or when already there. A new person starts as a
        # technician: the safe choice.
        leaders = Person.objects.active().filter(club__in=clubs).exclude(position__in=access.LEADS_NOBODY)
        if access.sees_every_club(viewer) or self.instance.reports_to_id:
            owner_too = Q(position=Role.OWNER) if access.sees_every_club(viewer) else Q(pk=self.instance.reports_to_id)
            leaders = leaders | Person.objects.filter(owner_too, position=Role.OWNER)
        self.fields["reports_to"].queryset = leaders.select_related("club")
        if self.instance.pk:
            self.fields["reports_to"].queryset = self.fields["reports_to"].queryset.exclude(pk=self.instance.pk)
        else:
            self.fields["position"].initial = Role.TECHNICIAN
        self.fields["hire_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        boss, position, club = data.get("reports_to"), data.get("position"), data.get("club")
        if boss and position:
            if RANK.get(boss.position, 9) >= RANK.get(position, 9):
                self.add_error("reports_to", _("Choose someone in a position above this person's."))
            elif boss.position != Role.OWNER and club and boss.club_id != club.pk:
                self.add_error("reports_to", _("Choose someone of the same club."))
        return data

    def clean_hire_date(self):
        hire_date = self.cleaned_data["hire_date"]
        if hire_date and hire_date > timezone.localdate():
            raise forms.ValidationError(_("The hire date cannot be in the future."))
        return hire_date

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the person's name."))
        return name


@limit_text(q=SHORT_TEXT)
class PeopleFilterForm(BlanksInWords, forms.Form):
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


class MoveTeamForm(BlanksInWords, forms.Form):
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


class DeactivateForm(BlanksInWords, forms.Form):
    left_on = DateField(label=_("Last day"), widget=DateInput())

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


@limit_text(password1=SHORT_TEXT, password2=SHORT_TEXT)
class LoginAccountForm(BlanksInWords, forms.Form):
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


# --- Setting up a club: the club, its departments and teams --------------------------------


class ClubForm(BlanksInWords, forms.ModelForm):
    """A new club of the chain (the owner)."""

    class Meta:
        model = Club
        fields = ["name", "code", "address", "time_zone"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the club's name."))
        if Club.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another club already has this name."))
        return name

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if Club.objects.filter(code__iexact=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another club already has this code."))
        return code


class DepartmentForm(BlanksInWords, forms.ModelForm):
    """One more department of a club: only the kinds it does not have yet are offered."""

    class Meta:
        model = Department
        fields = ["kind"]

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.club = club
        have = set(club.departments.values_list("kind", flat=True))
        self.missing = [choice for choice in Department.Kind.choices if choice[0] not in have]
        self.fields["kind"].choices = [("", "---------"), *self.missing]


class SupervisorChoiceField(forms.ModelChoiceField):
    """A supervisor of the club, saying which team they lead now (choosing them moves them from it)."""

    def label_from_instance(self, person):
        team = getattr(person, "led_team", None)
        if team is not None and not team.is_closed:
            return _("%(name)s (now leads %(team)s)") % {"name": person.name, "team": team.name}
        return person.name


def club_supervisors(club):
    return Person.objects.active().filter(club=club, position=Role.SUPERVISOR).select_related("led_team").order_by("name")


class TeamForm(BlanksInWords, forms.ModelForm):
    """A new supervisor's team in a club; the supervisor may come later."""

    supervisor = SupervisorChoiceField(label=_("Supervisor"), queryset=Person.objects.none(), required=False,
                                       empty_label=_("Not yet — set later"))

    class Meta:
        model = Team
        fields = ["name", "department"]  # the supervisor is set by ``services.team_set_supervisor`` (it frees their old team)

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.instance.club = club
        departments = club.departments.all()
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda department: department.get_kind_display()
        massage = [d for d in departments if d.kind == Department.Kind.MASSAGE]
        if massage:
            self.fields["department"].initial = massage[0].pk
        self.fields["supervisor"].queryset = club_supervisors(club)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the team's name."))
        if Team.objects.filter(club=self.club, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This club already has a team of this name."))
        return name


class TeamSupervisorForm(BlanksInWords, forms.Form):
    supervisor = SupervisorChoiceField(label=_("Supervisor"), queryset=Person.objects.none())

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["supervisor"].queryset = club_supervisors(team.club)
        self.fields["supervisor"].initial = team.supervisor_id

    def clean_supervisor(self):
        supervisor = self.cleaned_data["supervisor"]
        if supervisor.pk == self.team.supervisor_id:
            raise forms.ValidationError(_("%(name)s already leads this team.") % {"name": supervisor.name})
        return supervisor


class TeamCloseForm(BlanksInWords, forms.Form):
    """Close a team: its technicians move to another open team of the club first."""

    move_to = forms.ModelChoiceField(label=_("Move its technicians to"), queryset=Team.objects.none(), required=False,
                                     empty_label=_("Choose a team"))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.member_count = team.members.filter(status=Person.Status.ACTIVE).count()
        self.fields["move_to"].queryset = (
            Team.objects.filter(club_id=team.club_id, closed_on__isnull=True).exclude(pk=team.pk).order_by("name")
        )
        if not self.member_count:
            self.fields["move_to"].widget = forms.HiddenInput()

    def clean_move_to(self):
        move_to = self.cleaned_data["move_to"]
        if self.member_count and move_to is None:
            if not self.fields["move_to"].queryset.exists():
                raise forms.ValidationError(
                    _("The club has no other team: add one, or move the technicians, before closing this team.")
                )
            raise forms.ValidationError(_("Choose the team its technicians move to."))
        return move_to


class TeamReopenForm(BlanksInWords, forms.Form):
    """Reopen a closed team, with its supervisor if one is free to lead it now."""

    supervisor = SupervisorChoiceField(label=_("Supervisor"), queryset=Person.objects.none(), required=False,
                                       empty_label=_("Not yet — set later"))
    reason = forms.CharField(label=_("Why it reopens"), max_length=100, required=False,
                             help_text=_("Kept in the team's history, e.g. “new technicians joined”."))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["supervisor"].queryset = club_supervisors(team.club)

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())
