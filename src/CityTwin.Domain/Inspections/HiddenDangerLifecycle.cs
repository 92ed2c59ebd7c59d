using CityTwin.Domain.Units;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// The hidden-danger lifecycle of DOMAIN.md §4.4 as a pure state machine. Every command is checked in this order:
/// the idempotency key (a key already in the history returns the record unchanged), the actor's role
/// (PermissionDenied naming the roles needed), the arguments (InvalidArgument naming the field), then the state and
/// preconditions (FailedPrecondition naming what is missing). Time comes in as <c>now</c>; nothing reads a clock.
/// </summary>
public static class HiddenDangerLifecycle
{
    /// <summary>Create a record in FOUND.</summary>
    public static Outcome<HiddenDanger> Report(ReportHiddenDanger c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (KeyProblem(c) is { } keyProblem) return keyProblem;
        if (RoleProblem(c.Name, StepRoles.Report(c.Source), actor, $"a {c.Source.Zh()} finding") is { } denied) return denied;

        if (UnitCode.Problem(c.Id) is { } idProblem) return Problem.Invalid("id", $"id {idProblem}");
        if (UnitCode.Problem(c.EnterpriseCode) is { } entProblem) return Problem.Invalid("enterpriseCode", $"enterpriseCode {entProblem}");
        if (c.HazardSourceCode is { } hs && UnitCode.Problem(hs) is { } hsProblem) return Problem.Invalid("hazardSourceCode", $"hazardSourceCode {hsProblem}");
        if (string.IsNullOrWhiteSpace(c.Description)) return Problem.Invalid("description", "description (具体情形) is required");
        if (string.IsNullOrWhiteSpace(c.Location.Text)) return Problem.Invalid("location", "location (具体部位或者场所) is required");
        if (CriterionProblem(c.Level, c.CriterionCode) is { } criterion) return criterion;
        if (!Enum.IsDefined(c.Level)) return Problem.Invalid("level", "level must be general or major");
        if (!Enum.IsDefined(c.Category)) return Problem.Invalid("category", "category must be people, equipment, management or environment");
        var foundAt = c.FoundAt ?? now;
        if (foundAt > now) return Problem.Invalid("foundAt", "foundAt is in the future");
        if (now - foundAt > rules.Deadlines.MaxReportDelay)
            return Problem.Invalid("foundAt", $"foundAt is more than {rules.Deadlines.MaxReportDelay.TotalDays:0} days ago; report findings promptly");

        var record = new HiddenDanger
        {
            Id = c.Id,
            EnterpriseCode = c.EnterpriseCode,
            HazardSourceCode = c.HazardSourceCode,
            Level = c.Level,
            CriterionCode = c.CriterionCode,
            FoundBy = actor.Subject,
            FoundByRole = actor.Role,
            Source = c.Source,
            FoundAt = foundAt,
            Location = c.Location,
            Description = c.Description,
            Photos = [.. c.Photos],
            Category = c.Category,
            InterimMeasures = c.InterimMeasures,
            Deadline = rules.Deadlines.DefaultDeadline(c.Level, rules.Calendar.LocalDate(foundAt)),
            ReportedTo = c.ReportedTo,
            ReportedAt = now,
            State = S.Found,
        };
        return Outcome<HiddenDanger>.Success(record with
        {
            History = [new HistoryEntry(1, now, c.Name, actor.Subject, actor.Role, S.Found, S.Found, c.IdempotencyKey, c.Level.ToString().ToLowerInvariant())],
        });
    }

    /// <summary>Apply a command to an existing record.</summary>
    public static Outcome<HiddenDanger> Apply(HiddenDanger record, HiddenDangerCommand command, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (KeyProblem(command) is { } keyProblem) return keyProblem;
        if (record.EntryFor(command.IdempotencyKey) is { } done)
        {
            // A retry of the same command by the same person: the outcome it already had. Anything else reusing the key is a client bug.
            return done.Command == command.Name && done.Subject == actor.Subject
                ? Outcome<HiddenDanger>.Replay(record)
                : Problem.Invalid("idempotencyKey", $"idempotency key '{command.IdempotencyKey}' was already used for '{done.Command}' by {done.Subject}");
        }
        if (record.History.Count > 0 && now < record.History[^1].At)
            return Problem.Invalid("now", $"{now:O} is before the record's last change at {record.History[^1].At:O}");

        return command switch
        {
            ReportHiddenDanger => new Problem(OutcomeStatus.AlreadyExists, "id", $"hidden danger {record.Id} already exists"),
            GradeHiddenDanger g => Grade(record, g, actor, now, rules),
            StartRectification s => Start(record, s, actor, now),
            SubmitRectification s => Submit(record, s, actor, now, rules),
            VerifyRectification v => Verify(record, v, actor, now),
            SignHiddenDanger s => Sign(record, s, actor, now),
            RejectHiddenDanger r => Reject(record, r, actor, now),
            ReopenHiddenDanger r => Reopen(record, r, actor, now, rules),
            _ => Problem.Invalid("command", $"unknown command {command.GetType().Name}"),
        };
    }

    private static Outcome<HiddenDanger> Grade(HiddenDanger r, GradeHiddenDanger c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (RoleProblem(c.Name, StepRoles.Grade, actor) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(c.ResponsiblePerson)) return Problem.Invalid("responsiblePerson", "responsiblePerson (整改责任人) is required");
        if (!Enum.IsDefined(c.Level)) return Problem.Invalid("level", "level must be general or major");
        var criterionCode = c.CriterionCode ?? r.CriterionCode;
        if (CriterionProblem(c.Level, criterionCode) is { } criterion) return criterion;
        var foundDay = rules.Calendar.LocalDate(r.FoundAt);
        if (c.Deadline is { } d && d < foundDay) return Problem.Invalid("deadline", $"deadline {d} is before the day it was found ({foundDay})");
        if (c.Plan is { } plan && PlanProblem(plan, foundDay) is { } planProblem) return planProblem;
        if (StateProblem(r, c.Name, S.Found) is { } state) return state;

        var deadline = c.Deadline ?? c.Plan?.Deadline ?? rules.Deadlines.DefaultDeadline(c.Level, foundDay);
        var note = c.Level == r.Level ? $"{c.Level.ToString().ToLowerInvariant()}, deadline {deadline:yyyy-MM-dd}"
            : $"regraded {r.Level.ToString().ToLowerInvariant()} → {c.Level.ToString().ToLowerInvariant()}, deadline {deadline:yyyy-MM-dd}";
        return Next(r with
        {
            Level = c.Level,
            CriterionCode = criterionCode,
            ResponsiblePerson = c.ResponsiblePerson,
            Deadline = deadline,
            Plan = c.Plan ?? r.Plan,
            StopWork = c.StopWork,
            InterimMeasures = c.InterimMeasures ?? r.InterimMeasures,
        }, r.State, S.Assigned, c, actor, now, note);
    }

    private static Outcome<HiddenDanger> Start(HiddenDanger r, StartRectification c, Actor actor, DateTimeOffset now)
    {
        if (RoleProblem(c.Name, StepRoles.Start, actor) is { } denied) return denied;
        if (c.Plan is { } plan && PlanProblem(plan, DateOnly.MinValue) is { } planProblem) return planProblem;
        if (StateProblem(r, c.Name, S.Assigned) is { } state) return state;
        var effectivePlan = c.Plan ?? r.Plan;
        if (r.Level == HiddenDangerLevel.Major && effectivePlan is null)
            return Problem.Precondition("plan", $"{r.Id} is a major hidden danger: its rectification plan (治理方案) is required before RECTIFYING");
        // [DESIGN] The deadline was fixed at grading; a plan given now does not move it (no silent extensions).
        return Next(r with { Plan = effectivePlan }, r.State, S.Rectifying, c, actor, now, null);
    }

    private static Outcome<HiddenDanger> Submit(HiddenDanger r, SubmitRectification c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        var onTheSpot = r.State == S.Found;
        if (RoleProblem(onTheSpot ? "rectification on the spot" : c.Name, onTheSpot ? StepRoles.SubmitOnTheSpot : StepRoles.Submit, actor) is { } denied) return denied;
        if (c.Evidence.Count == 0 || c.Evidence.Any(string.IsNullOrWhiteSpace))
            return Problem.Invalid("evidence", "at least one piece of rectification evidence (photo, document reference) is required");
        if (onTheSpot)
        {
            if (r.Level == HiddenDangerLevel.Major)
                return Problem.Precondition("grading", $"{r.Id} is a major hidden danger: it cannot be rectified on the spot; grade it and give a plan first");
            var foundDay = rules.Calendar.LocalDate(r.FoundAt);
            if (rules.Calendar.LocalDate(now) != foundDay)
                return Problem.Precondition("grading", $"rectification on the spot is only possible on the day {r.Id} was found ({foundDay}); grade and assign it");
        }
        else if (StateProblem(r, c.Name, S.Rectifying, S.Found) is { } state) return state;

        return Next(r with
        {
            RectificationEvidence = [.. r.RectificationEvidence, .. c.Evidence],
            RectifiedAt = now,
            ResponsiblePerson = r.ResponsiblePerson ?? (onTheSpot ? actor.Subject : null),
        }, r.State, S.Rectified, c, actor, now, onTheSpot ? "rectified on the spot (立即整改)" : c.Note);
    }

    private static Outcome<HiddenDanger> Verify(HiddenDanger r, VerifyRectification c, Actor actor, DateTimeOffset now)
    {
        if (RoleProblem(c.Name, StepRoles.Verify, actor) is { } denied) return denied;
        if (StateProblem(r, c.Name, S.Rectified) is { } state) return state;
        var verification = new Verification(actor.Subject, now, c.Passed, c.Note);
        // A failed verification sends it back to RECTIFYING with the deadline unchanged (§4.4).
        return Next(r with { Verification = verification }, r.State, c.Passed ? S.Verified : S.Rectifying, c, actor, now,
            c.Passed ? "verification passed" : "verification failed" + (c.Note is null ? "" : ": " + c.Note));
    }

    private static Outcome<HiddenDanger> Sign(HiddenDanger r, SignHiddenDanger c, Actor actor, DateTimeOffset now)
    {
        if (!Enum.IsDefined(c.Level)) return Problem.Invalid("level", "sign-off level must be 1, 2, 3 or 4");
        var role = SignOffPolicy.RoleFor(c.Level);
        if (RoleProblem($"sign-off level {(int)c.Level}", StepRoles.Sign(c.Level), actor) is { } denied) return denied;
        if (StateProblem(r, $"sign-off level {(int)c.Level}", S.Verified) is { } state) return state;

        var required = r.RequiredSignOffs;
        if (!required.Contains(c.Level))
            return Problem.Precondition($"sign-off level {(int)c.Level}",
                $"level {(int)c.Level} is not part of {r.Id}'s sign-off chain (levels {string.Join(", ", required.Select(l => (int)l))})");
        if (r.SignOffs.FirstOrDefault(s => s.Level == c.Level) is { } existing)
            return Problem.Precondition($"sign-off level {(int)c.Level}", $"level {(int)c.Level} of {r.Id} is already signed by {existing.Subject}");
        var missing = required.Where(l => l < c.Level && r.SignOffs.All(s => s.Level != l)).ToList();
        if (missing.Count > 0)
            return Problem.Precondition($"sign-off level {(int)missing[0]}",
                $"sign-off level {(int)c.Level} of {r.Id} needs level {(int)missing[0]} ({SignOffPolicy.RoleFor(missing[0])}) first");
        if (c.Level == SignOffLevel.Inspector && actor.Subject != r.FoundBy && actor.Subject != r.Verification?.VerifiedBy)
            return Problem.Denied([role],
                $"sign-off level 1 of {r.Id} is for the inspector who found or verified it ({string.Join(", ", new[] { r.FoundBy, r.Verification?.VerifiedBy }.OfType<string>().Distinct())}), not {actor.Subject}");
        if (r.SignOffs.FirstOrDefault(s => s.Subject == actor.Subject) is { } own)
            return Problem.Precondition("distinct-signer", $"{actor.Subject} already signed level {(int)own.Level} of {r.Id}; each level needs a different person");

        var signOffs = (IReadOnlyList<SignOff>)[.. r.SignOffs, new SignOff(c.Level, actor.Subject, actor.Role, now, c.Comment)];
        var complete = required.All(l => signOffs.Any(s => s.Level == l));
        return Next(r with { SignOffs = signOffs, ClosedAt = complete ? now : null }, r.State, complete ? S.Closed : S.Verified, c, actor, now,
            $"level {(int)c.Level}" + (complete ? ", closed (销号)" : ""));
    }

    private static Outcome<HiddenDanger> Reject(HiddenDanger r, RejectHiddenDanger c, Actor actor, DateTimeOffset now)
    {
        if (RoleProblem(c.Name, StepRoles.Reject, actor) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(c.Reason)) return Problem.Invalid("reason", "a reason is required to reject a finding");
        if (StateProblem(r, c.Name, S.Found) is { } state) return state;
        return Next(r with { RejectionReason = c.Reason }, r.State, S.Rejected, c, actor, now, c.Reason);
    }

    private static Outcome<HiddenDanger> Reopen(HiddenDanger r, ReopenHiddenDanger c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (RoleProblem(c.Name, StepRoles.Reopen, actor) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(c.Reason)) return Problem.Invalid("reason", "a reason is required to reopen a record");
        var today = rules.Calendar.LocalDate(now);
        if (c.Deadline is { } d && d < today) return Problem.Invalid("deadline", $"deadline {d} is in the past (today is {today})");
        if (StateProblem(r, c.Name, S.Closed) is { } state) return state;
        // The closed round stays in the history; the new round starts clean (new deadline, verification and signatures).
        var deadline = c.Deadline ?? rules.Deadlines.DefaultDeadline(r.Level, today);
        return Next(r with
        {
            Deadline = deadline,
            ReopenCount = r.ReopenCount + 1,
            RectificationEvidence = [],
            RectifiedAt = null,
            Verification = null,
            SignOffs = [],
            ClosedAt = null,
        }, r.State, S.Assigned, c, actor, now, $"{c.Reason}; deadline {deadline:yyyy-MM-dd}");
    }

    private static Outcome<HiddenDanger> Next(HiddenDanger r, S from, S to, HiddenDangerCommand c, Actor actor, DateTimeOffset now, string? note) =>
        Outcome<HiddenDanger>.Success(r with
        {
            State = to,
            History = [.. r.History, new HistoryEntry(r.History.Count + 1, now, c.Name, actor.Subject, actor.Role, from, to, c.IdempotencyKey, note)],
        });

    private static Problem? KeyProblem(HiddenDangerCommand c) =>
        string.IsNullOrWhiteSpace(c.IdempotencyKey) ? Problem.Invalid("idempotencyKey", "an idempotency key is required") : null;

    internal static Problem? RoleProblem(string step, IReadOnlyList<string> allowed, Actor actor, string? what = null) =>
        Roles.Satisfies(actor.Role, allowed) ? null
            : Problem.Denied(allowed, $"{step}{(what is null ? "" : " of " + what)} needs the role {string.Join(" or ", allowed)}; {actor.Subject} has the role {actor.Role}");

    private static Problem? StateProblem(HiddenDanger r, string step, params S[] allowed) =>
        allowed.Contains(r.State) ? null
            : Problem.Precondition("state", $"{step} needs {string.Join(" or ", allowed.Select(s => s.Name()))}; {r.Id} is {r.State.Name()}");

    private static Problem? CriterionProblem(HiddenDangerLevel level, string? code)
    {
        if (level == HiddenDangerLevel.Major && string.IsNullOrWhiteSpace(code))
            return Problem.Invalid("criterionCode", "a major hidden danger needs the criterion code it meets (判定标准, e.g. HC2017-05)");
        return code is not null && MajorCriteria.Problem(code) is { } p ? Problem.Invalid("criterionCode", $"criterionCode {p}") : null;
    }

    private static Problem? PlanProblem(RectificationPlan plan, DateOnly notBefore)
    {
        if (string.IsNullOrWhiteSpace(plan.Objective)) return Problem.Invalid("plan.objective", "the plan needs its objective and tasks");
        if (string.IsNullOrWhiteSpace(plan.Measures)) return Problem.Invalid("plan.measures", "the plan needs its methods and measures");
        if (string.IsNullOrWhiteSpace(plan.ResponsibleOrganisation)) return Problem.Invalid("plan.responsibleOrganisation", "the plan needs its responsible organisation");
        if (string.IsNullOrWhiteSpace(plan.ResponsiblePerson)) return Problem.Invalid("plan.responsiblePerson", "the plan needs its responsible person");
        if (plan.Deadline < notBefore) return Problem.Invalid("plan.deadline", $"the plan's deadline {plan.Deadline} is before the day it was found ({notBefore})");
        return null;
    }
}
