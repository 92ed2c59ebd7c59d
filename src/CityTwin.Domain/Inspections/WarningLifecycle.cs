using CityTwin.Domain.Units;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// Warning handling (预警处置闭环) as a pure state machine: RAISED at the enterprise with an answer deadline by level;
/// not answered in time → one rung up the ladder with a fresh deadline; ANSWERED (cause, measures) → VERIFIED →
/// CLOSED. Escalation is computed from time alone, so a call after downtime catches up every rung that passed, each
/// dated when its deadline passed. <see cref="Apply"/> catches up first, so the role that may answer is always the
/// one for the level the warning has really reached.
/// </summary>
public static class WarningLifecycle
{
    /// <summary>Who may raise a warning by hand; the platform raises most of them as <see cref="Actor.System"/>.</summary>
    public static IReadOnlyList<string> RaiseRoles { get; } = [Roles.System, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin];

    public static Outcome<Warning> Raise(RaiseWarning c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (string.IsNullOrWhiteSpace(c.IdempotencyKey)) return Problem.Invalid("idempotencyKey", "an idempotency key is required");
        if (HiddenDangerLifecycle.RoleProblem("raising a warning", RaiseRoles, actor) is { } denied) return denied;
        if (UnitCode.Problem(c.Id) is { } idProblem) return Problem.Invalid("id", $"id {idProblem}");
        if (UnitCode.Problem(c.UnitCode) is { } unitProblem) return Problem.Invalid("unitCode", $"unitCode {unitProblem}");
        if (UnitCode.Problem(c.EnterpriseCode) is { } entProblem) return Problem.Invalid("enterpriseCode", $"enterpriseCode {entProblem}");
        if (string.IsNullOrWhiteSpace(c.Reason)) return Problem.Invalid("reason", "a warning needs its reason");
        var policy = rules.Warnings;
        var w = new Warning
        {
            Id = c.Id,
            UnitCode = c.UnitCode,
            EnterpriseCode = c.EnterpriseCode,
            Trigger = c.Trigger,
            Level = c.Level,
            Reason = c.Reason,
            EvidenceId = c.EvidenceId,
            RaisedAt = now,
            AtLevel = c.StartAt is { } start && policy.Ladder.Contains(start) ? start : policy.Ladder[0],
            AnswerDueAt = now + policy.AnswerWindow(c.Level),
        };
        return Outcome<Warning>.Success(w with
        {
            History = [new WarningHistoryEntry(1, now, c.Name, actor.Subject, actor.Role, WarningState.Raised, WarningState.Raised, c.IdempotencyKey, $"{c.Level} to {w.AtLevel}")],
        });
    }

    public static Outcome<Warning> Apply(Warning warning, WarningCommand command, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey)) return Problem.Invalid("idempotencyKey", "an idempotency key is required");
        var done = warning.History.FirstOrDefault(h => string.Equals(h.IdempotencyKey, command.IdempotencyKey, StringComparison.Ordinal));
        if (done is not null)
        {
            return done.Command == command.Name && done.Subject == actor.Subject
                ? Outcome<Warning>.Replay(warning)
                : Problem.Invalid("idempotencyKey", $"idempotency key '{command.IdempotencyKey}' was already used for '{done.Command}' by {done.Subject}");
        }
        if (warning.History.Count > 0 && now < warning.History[^1].At)
            return Problem.Invalid("now", $"{now:O} is before the warning's last change at {warning.History[^1].At:O}");

        var w = Escalate(warning, now, rules).Warning;
        return command switch
        {
            RaiseWarning => new Problem(OutcomeStatus.AlreadyExists, "id", $"warning {w.Id} already exists"),
            AnswerWarning a => Answer(w, a, actor, now, rules),
            VerifyWarning v => Verify(w, v, actor, now, rules),
            CloseWarning c => Close(w, c, actor, now, rules),
            _ => Problem.Invalid("command", $"unknown command {command.GetType().Name}"),
        };
    }

    /// <summary>
    /// Every rung the warning climbed by <paramref name="now"/> while unanswered, each at the instant its deadline
    /// passed; the warning carries them in <see cref="Warning.Escalations"/>. At the top of the ladder it stays
    /// unanswered and overdue.
    /// </summary>
    public static (Warning Warning, IReadOnlyList<WarningEscalation> Escalations) Escalate(Warning w, DateTimeOffset now, InspectionRules rules)
    {
        var policy = rules.Warnings;
        var window = policy.AnswerWindow(w.Level);
        var climbed = new List<WarningEscalation>();
        while (w.State == WarningState.Raised && window is { } span && w.AnswerDueAt is { } due && due <= now)
        {
            var rung = IndexOf(policy, w.AtLevel);
            if (rung + 1 >= policy.Ladder.Count) break;
            var step = new WarningEscalation(w.Id, w.AtLevel, policy.Ladder[rung + 1], due);
            climbed.Add(step);
            w = w with
            {
                AtLevel = step.To,
                AnswerDueAt = due + span,
                Escalations = [.. w.Escalations, step],
                History = [.. w.History, new WarningHistoryEntry(w.History.Count + 1, due, "escalate", Actor.System.Subject, Actor.System.Role,
                    w.State, w.State, $"escalate:{w.Escalations.Count + 1}", $"not answered by {due:O}: {step.From} → {step.To}")],
            };
        }
        return (w, climbed);
    }

    /// <summary>The roles that may answer a warning at its current level: the enterprise, and everyone up to that level.</summary>
    public static IReadOnlyList<string> AnswerRoles(Warning w, InspectionRules rules)
    {
        var ladder = rules.Warnings.Ladder;
        var upTo = IndexOf(rules.Warnings, w.AtLevel);
        return [.. Roles.EnterpriseSide.Concat(ladder.Take(upTo + 1).SelectMany(l => l.ActingRoles())).Distinct()];
    }

    private static Outcome<Warning> Answer(Warning w, AnswerWarning c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (HiddenDangerLifecycle.RoleProblem($"answering a warning at {w.AtLevel}", AnswerRoles(w, rules), actor) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(c.Cause)) return Problem.Invalid("cause", "the answer needs the cause");
        if (string.IsNullOrWhiteSpace(c.Measures)) return Problem.Invalid("measures", "the answer needs the measures taken");
        if (StateProblem(w, c.Name, WarningState.Raised) is { } state) return state;
        var firstDue = w.RaisedAt + rules.Warnings.AnswerWindow(w.Level);
        return Next(w with
        {
            Answer = new WarningAnswer(c.Cause, c.Measures, actor.Subject, actor.Role, now),
            AnswerDueAt = null,
            AnsweredOnTime = w.AnsweredOnTime ?? (firstDue is not { } d || now <= d),
        }, WarningState.Answered, c, actor, now, null);
    }

    private static Outcome<Warning> Verify(Warning w, VerifyWarning c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (HiddenDangerLifecycle.RoleProblem("verifying a warning", rules.Warnings.VerifyRoles, actor) is { } denied) return denied;
        if (StateProblem(w, c.Name, WarningState.Answered) is { } state) return state;
        var verification = new Verification(actor.Subject, now, c.Passed, c.Note);
        // A failed verification needs a new answer, at the same level, with a fresh deadline.
        return c.Passed
            ? Next(w with { Verification = verification }, WarningState.Verified, c, actor, now, c.Note)
            : Next(w with { Verification = verification, Answer = null, AnswerDueAt = now + rules.Warnings.AnswerWindow(w.Level) },
                WarningState.Raised, c, actor, now, "verification failed" + (c.Note is null ? "" : ": " + c.Note));
    }

    private static Outcome<Warning> Close(Warning w, CloseWarning c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (HiddenDangerLifecycle.RoleProblem("closing a warning (消警)", rules.Warnings.CloseRoles, actor) is { } denied) return denied;
        if (w.State != WarningState.Verified)
            return Problem.Precondition(w.State == WarningState.Closed ? "state" : "verification",
                $"closing {w.Id} needs VERIFIED (answered and verified); it is {w.State.ToString().ToUpperInvariant()}");
        return Next(w with { ClosedAt = now }, WarningState.Closed, c, actor, now, c.Note);
    }

    private static Outcome<Warning> Next(Warning w, WarningState to, WarningCommand c, Actor actor, DateTimeOffset now, string? note) =>
        Outcome<Warning>.Success(w with
        {
            State = to,
            History = [.. w.History, new WarningHistoryEntry(w.History.Count + 1, now, c.Name, actor.Subject, actor.Role, w.State, to, c.IdempotencyKey, note)],
        });

    private static Problem? StateProblem(Warning w, string step, WarningState needed) =>
        w.State == needed ? null
            : Problem.Precondition("state", $"{step} needs {needed.ToString().ToUpperInvariant()}; {w.Id} is {w.State.ToString().ToUpperInvariant()}");

    private static int IndexOf(WarningPolicy policy, EscalationLevel level)
    {
        for (var i = 0; i < policy.Ladder.Count; i++)
            if (policy.Ladder[i] == level) return i;
        return policy.Ladder.Count - 1;
    }
}
