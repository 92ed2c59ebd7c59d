namespace CityTwin.Domain.Generation;

/// <summary>
/// The real administrative frame of Ordos (鄂尔多斯市, GB/T 2260 150600): its nine banners and districts
/// with their codes and names, real town/street names, and synthetic rectangles inside the city's real extent.
/// </summary>
internal static class OrdosGeography
{
    public const string CityCode = "150600";
    public const string CityName = "鄂尔多斯市";
    public const int CityPopulation = 2_200_000;

    /// <summary>Roughly the city's real extent (WGS84).</summary>
    public static readonly Box Extent = new(106.7, 37.6, 111.5, 40.9);

    public static readonly IReadOnlyList<DistrictSeed> Districts =
    [
        new("150602", "东胜区", new Box(109.80, 39.70, 110.20, 40.00), 580_000, ["交通街道", "公园街道", "林荫街道", "建设街道", "富兴街道", "天骄街道", "诃额伦街道", "铜川镇", "罕台镇", "泊江海镇"]),
        new("150603", "康巴什区", new Box(109.70, 39.55, 109.95, 39.68), 120_000, ["哈巴格希街道", "青春山街道", "滨河街道", "康新街道"]),
        new("150621", "达拉特旗", new Box(109.60, 40.15, 110.90, 40.60), 330_000, ["树林召镇", "王爱召镇", "白泥井镇", "吉格斯太镇", "昭君镇", "风水梁镇", "展旦召苏木", "中和西镇"]),
        new("150622", "准格尔旗", new Box(110.60, 39.40, 111.40, 40.15), 360_000, ["薛家湾镇", "沙圪堵镇", "大路镇", "魏家峁镇", "纳日松镇", "龙口镇", "准格尔召镇", "暖水乡"]),
        new("150623", "鄂托克前旗", new Box(106.90, 37.80, 108.20, 38.80), 80_000, ["敖勒召其镇", "上海庙镇", "城川镇", "昂素镇"]),
        new("150624", "鄂托克旗", new Box(107.20, 38.90, 108.60, 39.70), 160_000, ["乌兰镇", "棋盘井镇", "蒙西镇", "木凯淖尔镇", "阿尔巴斯苏木", "苏米图苏木"]),
        new("150625", "杭锦旗", new Box(107.80, 39.70, 109.50, 40.50), 140_000, ["锡尼镇", "独贵塔拉镇", "吉日嘎朗图镇", "伊和乌素苏木", "呼和木独镇", "巴拉贡镇"]),
        new("150626", "乌审旗", new Box(108.30, 38.30, 109.60, 38.90), 130_000, ["嘎鲁图镇", "乌审召镇", "图克镇", "乌兰陶勒盖镇", "无定河镇", "苏力德苏木"]),
        new("150627", "伊金霍洛旗", new Box(109.30, 39.10, 110.40, 39.50), 300_000, ["阿勒腾席热镇", "乌兰木伦镇", "纳林陶亥镇", "札萨克镇", "红庆河镇", "伊金霍洛镇", "苏布尔嘎镇"]),
    ];

    /// <summary>Parks: chemical parks where the seeds' chemical industry sits, and two industrial parks.</summary>
    public static readonly IReadOnlyList<ParkSeed> Parks =
    [
        new("150624", "蒙西高新技术工业园区", Chemical: true),
        new("150624", "鄂托克经济开发区", Chemical: true),
        new("150622", "准格尔经济开发区", Chemical: true),
        new("150621", "达拉特经济开发区", Chemical: true),
        new("150626", "苏里格经济开发区", Chemical: true),
        new("150623", "上海庙经济开发区", Chemical: true),
        new("150625", "独贵塔拉工业园区", Chemical: true),
        new("150627", "伊金霍洛旗经济开发区", Chemical: false),
        new("150602", "东胜经济科教园区", Chemical: false),
    ];

    /// <summary>Districts with coal mines, weighted by how many of the city's mines they hold.</summary>
    public static readonly IReadOnlyList<(string District, int Weight)> CoalDistricts =
        [("150622", 5), ("150627", 5), ("150602", 1), ("150624", 2), ("150621", 1), ("150626", 1), ("150625", 1)];
}

internal sealed record DistrictSeed(string Code, string Name, Box Box, int Population, IReadOnlyList<string> Towns);

internal sealed record ParkSeed(string District, string Name, bool Chemical);

/// <summary>An axis-aligned box in degrees.</summary>
internal readonly record struct Box(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    /// <summary>Cell (i, j) of an n×m grid over the box, shrunk by a margin so neighbours never touch.</summary>
    public Box Cell(int i, int j, int columns, int rows, double margin = 0.08)
    {
        var w = (MaxLon - MinLon) / columns;
        var h = (MaxLat - MinLat) / rows;
        var x = MinLon + i * w;
        var y = MinLat + j * h;
        return new Box(x + w * margin, y + h * margin, x + w * (1 - margin), y + h * (1 - margin));
    }

    public (double Lon, double Lat) Random(Random random, double margin = 0.05) =>
        (MinLon + (MaxLon - MinLon) * (margin + (1 - 2 * margin) * random.NextDouble()),
         MinLat + (MaxLat - MinLat) * (margin + (1 - 2 * margin) * random.NextDouble()));
}
