"""Who applies: a person or an organisation, their ID, phone and address, and the agent
(代理人 / 经办人) who stands at the counter on their behalf.

A draft keeps whatever was typed; ``check_applicant`` says what is still wrong, field by
field, and the case cannot be submitted until nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum

from counter_tui.domain.errors import N_, ApplicantError, DomainError
from counter_tui.domain.identifiers import IdType, validate_id, validate_phone


class ApplicantKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


# The documents each kind of applicant identifies itself with; an agent is a person.
PERSON_ID_TYPES = (IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT_HMT, IdType.PASSPORT, IdType.OTHER)
ORGANISATION_ID_TYPES = (IdType.USCC, IdType.OTHER)
ID_TYPES = {
    ApplicantKind.PERSON: PERSON_ID_TYPES,
    ApplicantKind.ORGANISATION: ORGANISATION_ID_TYPES,
}


@dataclass(frozen=True)
class Applicant:
    kind: str = ApplicantKind.PERSON.value
    name: str = ""
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    agent_name: str = ""
    agent_id_type: str = ""
    agent_id_number: str = ""

    @property
    def has_agent(self) -> bool:
        return any(
            value.strip() for value in (self.agent_name, self.agent_id_type, self.agent_id_number)
        )


APPLICANT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Applicant))


@dataclass(frozen=True)
class FieldProblem:
    field: str
    error: DomainError


def _id_check(
    prefix: str, id_type: str, number: str, allowed: tuple[IdType, ...], today: date
) -> tuple[str, FieldProblem | None]:
    """The number to keep (normalised when valid) and what is wrong with the pair;
    ``prefix`` is "" for the applicant's fields and "agent_" for the agent's."""
    if not id_type.strip():
        error = ApplicantError("applicant.id_type_missing", N_("Choose the kind of ID document"))
        return number, FieldProblem(prefix + "id_type", error)
    if id_type not in allowed:
        error = ApplicantError(
            "applicant.id_type",
            N_("{id_type} is not an ID document this applicant or agent can use"),
            id_type=id_type,
        )
        return number, FieldProblem(prefix + "id_type", error)
    if not number.strip():
        error = ApplicantError("applicant.id_number_missing", N_("Enter the ID document number"))
        return number, FieldProblem(prefix + "id_number", error)
    try:
        return validate_id(id_type, number, today), None
    except DomainError as error:
        return number, FieldProblem(prefix + "id_number", error)


def check_applicant(applicant: Applicant, today: date) -> tuple[Applicant, list[FieldProblem]]:
    """The applicant with every valid value normalised (invalid ones kept as typed) and
    the problems, in the order of the fields."""
    problems: list[FieldProblem] = []
    values = {name: getattr(applicant, name) for name in APPLICANT_FIELDS}
    values["name"] = applicant.name.strip()
    values["agent_name"] = applicant.agent_name.strip()

    try:
        kind = ApplicantKind(applicant.kind)
    except ValueError:
        kind = None
        problems.append(
            FieldProblem(
                "kind",
                ApplicantError(
                    "applicant.kind",
                    N_("The applicant is a person or an organisation, not {kind}"),
                    kind=applicant.kind,
                ),
            )
        )
    if not values["name"]:
        problems.append(
            FieldProblem(
                "name", ApplicantError("applicant.name_missing", N_("Enter the applicant's name"))
            )
        )
    if kind is not None:
        values["id_number"], problem = _id_check(
            "", applicant.id_type, applicant.id_number, ID_TYPES[kind], today
        )
        problems += [problem] if problem else []
    if not applicant.phone.strip():
        problems.append(
            FieldProblem(
                "phone",
                ApplicantError("applicant.phone_missing", N_("Enter a phone number to reach")),
            )
        )
    else:
        try:
            values["phone"] = validate_phone(applicant.phone)
        except DomainError as error:
            problems.append(FieldProblem("phone", error))

    if applicant.has_agent or kind is ApplicantKind.ORGANISATION:
        if not values["agent_name"]:
            template = (
                N_("An organisation applies through a person: enter the agent's name")
                if kind is ApplicantKind.ORGANISATION
                else N_("Enter the agent's name")
            )
            problems.append(
                FieldProblem("agent_name", ApplicantError("applicant.agent_name_missing", template))
            )
        values["agent_id_number"], problem = _id_check(
            "agent_", applicant.agent_id_type, applicant.agent_id_number, PERSON_ID_TYPES, today
        )
        problems += [problem] if problem else []
    return replace(applicant, **values), problems


def check_complete(applicant: Applicant, today: date) -> Applicant:
    """The normalised applicant, or the first problem raised."""
    normalised, problems = check_applicant(applicant, today)
    if problems:
        raise problems[0].error
    return normalised
