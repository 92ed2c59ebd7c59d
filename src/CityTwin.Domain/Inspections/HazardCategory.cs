namespace CityTwin.Domain.Inspections;

/// <summary>The four categories of 16号令's definition (DOMAIN.md §4.1, §4.3 <c>category</c>): 人 / 物 / 管理 / 环境.</summary>
public enum HazardCategory
{
    /// <summary>人: unsafe behaviour of people.</summary>
    People,
    /// <summary>物: dangerous state of things (equipment, facilities, materials).</summary>
    Equipment,
    /// <summary>管理: management defects.</summary>
    Management,
    /// <summary>环境: the working environment.</summary>
    Environment,
}
