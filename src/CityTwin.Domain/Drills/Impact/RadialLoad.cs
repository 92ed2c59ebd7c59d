namespace CityTwin.Domain.Drills.Impact;

/// <summary>The physical load a fire or blast puts on equipment: heat flux (kW/m²) or side-on overpressure (kPa).</summary>
public enum LoadKind { Heat, Overpressure }

/// <summary>A load that depends only on the ground distance from the event (m) — what domino analysis needs.</summary>
public interface IRadialLoad
{
    LoadKind Kind { get; }

    /// <summary>Load at <paramref name="distanceM"/> from the source, kW/m² or kPa.</summary>
    double At(double distanceM);
}
