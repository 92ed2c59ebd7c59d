namespace CityTwin.Domain.Units;

/// <summary>
/// A major hazard source (重大危险源) or monitored installation: what it holds, who lives around it
/// (GB 18218's α), how it is watched, and its three named responsible persons (包保责任人).
/// </summary>
public sealed record HazardSourceProfile
{
    /// <summary>tank-farm, warehouse, production-unit, pipeline, gas-station, working-face, roadway, ...</summary>
    public required string Type { get; init; }
    public bool Pressurised { get; init; }
    /// <summary>Permanent residents within 500 m outside the boundary (GB 18218 Table 5).</summary>
    public int PeopleWithin500m { get; init; }
    public IReadOnlyList<InventoryItem> Inventory { get; init; } = [];
    public IReadOnlyList<Sensor> Sensors { get; init; } = [];
    public ResponsiblePersons? Responsible { get; init; }
}

/// <summary>A chemical held in the unit, at its design maximum quantity in tonnes.</summary>
public sealed record InventoryItem(string Chemical, double QuantityT);

public sealed record ResponsiblePersons(string Principal, string Technical, string Operational);

/// <summary>
/// A monitoring point. Set-points are optional per side; where given they must be ordered
/// LowLow ≤ Low ≤ High ≤ HighHigh and lie inside the instrument range.
/// </summary>
public sealed record Sensor
{
    public required string Code { get; init; }
    /// <summary>combustible-gas, toxic-gas, methane, temperature, pressure, level, flow, ...</summary>
    public required string Kind { get; init; }
    /// <summary>Engineering unit: %LEL, mg/m3, ppm, %CH4, °C, MPa, %, m3/h ...</summary>
    public required string Unit { get; init; }
    public required double RangeMin { get; init; }
    public required double RangeMax { get; init; }
    public SetPoints SetPoints { get; init; } = new(null, null, null, null);
    /// <summary>Hysteresis below a high set-point (above a low one) before an alarm clears; null = rule default.</summary>
    public double? Deadband { get; init; }
    /// <summary>A mandatory monitoring point (40号令): blind for long enough, it raises the level.</summary>
    public bool Mandatory { get; init; } = true;
    /// <summary>Toxic or combustible gas detector, for the default deadband rule.</summary>
    public string? Chemical { get; init; }
}

public sealed record SetPoints(double? LowLow, double? Low, double? High, double? HighHigh);
