using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>A parsed city bundle: its units (paths not yet resolved) and the problems found while reading.</summary>
public sealed record CityBundle(IReadOnlyList<Unit> Units, IReadOnlyList<BundleProblem> Problems);
