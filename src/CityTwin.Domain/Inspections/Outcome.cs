namespace CityTwin.Domain.Inspections;

/// <summary>How a command ended; the non-Ok values map one to one onto gRPC status codes.</summary>
public enum OutcomeStatus
{
    Ok,
    InvalidArgument,
    PermissionDenied,
    FailedPrecondition,
    NotFound,
    AlreadyExists,
}

/// <summary>
/// Why a command was refused. <see cref="Subject"/> is machine-readable: the field for InvalidArgument, the roles
/// needed for PermissionDenied (comma-separated), the thing that is missing for FailedPrecondition.
/// </summary>
public sealed record Problem(OutcomeStatus Status, string Subject, string Message)
{
    public static Problem Invalid(string field, string message) => new(OutcomeStatus.InvalidArgument, field, message);

    public static Problem Denied(IReadOnlyCollection<string> roles, string message) =>
        new(OutcomeStatus.PermissionDenied, string.Join(",", roles), message);

    public static Problem Precondition(string missing, string message) => new(OutcomeStatus.FailedPrecondition, missing, message);

    public override string ToString() => $"{Status}: {Message}";
}

/// <summary>
/// The result of a command: the new value, or the problem. <see cref="Replayed"/> is true when the command's
/// idempotency key had already been applied: the value is then the current one and nothing changed.
/// </summary>
public sealed record Outcome<T> where T : class
{
    private Outcome(T? value, Problem? problem, bool replayed)
    {
        Value = value;
        Problem = problem;
        Replayed = replayed;
    }

    public T? Value { get; }
    public Problem? Problem { get; }
    public bool Replayed { get; }

    public bool IsOk => Problem is null;
    public OutcomeStatus Status => Problem?.Status ?? OutcomeStatus.Ok;

    /// <summary>The value of a successful outcome; throws on a refused one (for callers that already checked).</summary>
    public T Ok => Value ?? throw new InvalidOperationException($"The command was refused: {Problem}");

    public static Outcome<T> Success(T value) => new(value, null, false);
    public static Outcome<T> Replay(T value) => new(value, null, true);
    public static Outcome<T> Fail(Problem problem) => new(null, problem, false);

    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
}
