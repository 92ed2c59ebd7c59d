namespace CityTwin.Domain.Inspections;

/// <summary>
/// One accepted command in a record's history: when, who in what role, the command and its idempotency key, and the
/// state before and after. Refused commands leave no entry.
/// </summary>
public sealed record HistoryEntry(
    int Sequence,
    DateTimeOffset At,
    string Command,
    string Subject,
    string Role,
    HiddenDangerState From,
    HiddenDangerState To,
    string IdempotencyKey,
    string? Note = null);
