namespace CityTwin.Domain.Registry;

/// <summary>The kinds of problem a bundle can have; each names the unit code and the field.</summary>
public enum ProblemKind
{
    Malformed,
    MissingField,
    InvalidValue,
    DuplicateCode,
    UnknownParent,
    WrongParentKind,
    Cycle,
    BadCoordinates,
    UnknownChemical,
    NegativeQuantity,
    SetPointsOutOfOrder,
    DuplicateSensor,
}

/// <summary>One problem found in a bundle: which unit (or file), which field, what is wrong.</summary>
public sealed record BundleProblem(ProblemKind Kind, string Unit, string Field, string Message)
{
    public override string ToString() => $"{Unit}: {Field}: {Message}";
}
