namespace CityTwin.Domain.Inspections;

/// <summary>Suspension ordered while a (major) hidden danger is rectified (§4.3 <c>stopWork</c>).</summary>
public enum StopWorkOrder
{
    None,
    Partial,
    Full,
}
