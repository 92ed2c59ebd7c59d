using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Generation;

/// <summary>
/// A deterministic city generator shaped on Ordos: the same options always give the same bundle.
/// Coordinates are synthetic but inside the city's real extent; names of banners, districts and towns are real.
/// </summary>
public sealed class CityGenerator
{
    private static readonly string[] NameChars = ["鑫", "宏", "恒", "泰", "华", "昌", "源", "达", "晟", "凯", "博", "瑞", "祥", "远", "益", "丰", "蒙", "鄂", "伊", "金", "银", "盛", "兴", "利"];

    private readonly CityGeneratorOptions _options;
    private readonly Random _random;
    private readonly GeometryFactory _geometry = BundleJson.Geometry;
    private readonly List<Unit> _units = [];
    private readonly Dictionary<string, List<Unit>> _townsByDistrict = [];
    private readonly List<Unit> _chemicalParks = [];
    private readonly List<Unit> _industrialParks = [];

    private CityGenerator(CityGeneratorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>The sample city committed under scenarios/ordos.</summary>
    public static IReadOnlyList<Unit> SampleCity() => Generate(new CityGeneratorOptions());

    public static IReadOnlyList<Unit> Generate(CityGeneratorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Enterprises);
        var generator = new CityGenerator(options);
        generator.Build();
        return generator._units;
    }

    private void Build()
    {
        _units.Add(new Unit { Code = OrdosGeography.CityCode, Kind = UnitKind.City, Name = OrdosGeography.CityName, Geometry = Rectangle(OrdosGeography.Extent), People = OrdosGeography.CityPopulation });
        foreach (var d in OrdosGeography.Districts) AddDistrict(d);
        AddEnterprises();
        AddRescueTeams();
    }

    private void AddDistrict(DistrictSeed d)
    {
        _units.Add(new Unit { Code = d.Code, Kind = UnitKind.District, Name = d.Name, Parent = OrdosGeography.CityCode, Geometry = Rectangle(d.Box), People = d.Population });
        var parks = OrdosGeography.Parks.Where(p => p.District == d.Code).ToList();
        const int columns = 4;
        var rows = (parks.Count + d.Towns.Count + columns - 1) / columns;
        var cell = 0;
        Box NextCell() { var c = cell++; return d.Box.Cell(c % columns, c / columns, columns, rows); }

        for (var i = 0; i < parks.Count; i++)
        {
            var score = Math.Round(60 + _random.NextDouble() * 35, 1);
            var park = new Unit
            {
                Code = $"park-{d.Code}-{i + 1:D2}", Kind = UnitKind.Park, Name = parks[i].Name, Parent = d.Code,
                Geometry = Rectangle(NextCell()), People = 2_000 + _random.Next(20_000),
                Park = new ParkProfile(parks[i].Chemical ? ParkType.Chemical : ParkType.Industrial, parks[i].Chemical ? score : null),
            };
            _units.Add(park);
            (parks[i].Chemical ? _chemicalParks : _industrialParks).Add(park);
        }
        var towns = _townsByDistrict[d.Code] = [];
        for (var i = 0; i < d.Towns.Count; i++)
        {
            var name = d.Towns[i];
            var type = name.EndsWith("街道", StringComparison.Ordinal) ? TownType.Street : name.EndsWith("苏木", StringComparison.Ordinal) ? TownType.Sumu : TownType.Town;
            var town = new Unit
            {
                Code = $"{d.Code}{i + 1:D3}", Kind = UnitKind.Town, Name = name, Parent = d.Code,
                Geometry = Rectangle(NextCell()), People = d.Population / d.Towns.Count, Town = new TownProfile(type),
            };
            _units.Add(town);
            towns.Add(town);
        }
    }

    private void AddEnterprises()
    {
        var n = _options.Enterprises;
        var major = Math.Min(n, _options.MajorHazardEnterprises ?? (int)Math.Round(n * 88.0 / 600));
        var coal = Math.Min(n - major, _options.CoalMines ?? (int)Math.Round(n * 158.0 / 600));
        var sectors = new List<string>();
        sectors.AddRange(Enumerable.Repeat(Sectors.HazardousChemicals + ":major", major));
        sectors.AddRange(Enumerable.Repeat(Sectors.CoalMining, coal));
        string[] others = [Sectors.HazardousChemicals, Sectors.TownGas, Sectors.Construction, Sectors.Transport, Sectors.SpecialEquipment, Sectors.IndustryTrade];
        int[] weights = [25, 12, 20, 15, 10, 18];
        for (var i = sectors.Count; i < n; i++) sectors.Add(Pick(others, weights));

        var sourceBearing = sectors.Count(s => s is Sectors.HazardousChemicals + ":major" or Sectors.CoalMining or Sectors.TownGas);
        var perEnterprise = _options.HazardSources is { } total && sourceBearing > 0 ? (double)total / sourceBearing : (double?)null;
        var sourcesMade = 0;
        var bearingSeen = 0;

        var seq = new Dictionary<string, int>();
        foreach (var s in sectors)
        {
            var isMajor = s.EndsWith(":major", StringComparison.Ordinal);
            var sector = isMajor ? Sectors.HazardousChemicals : s;
            var parent = PlaceEnterprise(sector, isMajor);
            var district = DistrictOf(parent);
            seq[district] = seq.GetValueOrDefault(district) + 1;
            var code = $"ent-{district}-{seq[district]:D4}";
            var (lon, lat) = BoxOf(parent).Random(_random, 0.1);
            var enterprise = new Unit
            {
                Code = code, Kind = UnitKind.Enterprise, Name = EnterpriseName(sector, parent), Parent = parent.Code,
                Geometry = _geometry.CreatePoint(new Coordinate(Round(lon), Round(lat))), People = 20 + _random.Next(sector == Sectors.CoalMining ? 1500 : 600),
                Enterprise = EnterpriseProfileFor(sector, isMajor),
            };
            _units.Add(enterprise);

            int sources;
            if (isMajor || sector is Sectors.CoalMining or Sectors.TownGas)
            {
                bearingSeen++;
                sources = perEnterprise is { } per
                    ? (int)Math.Round(per * bearingSeen) - sourcesMade
                    : isMajor ? 1 + _random.Next(3) : sector == Sectors.CoalMining ? 2 + _random.Next(2) : 1;
            }
            else sources = 0;
            for (var k = 1; k <= sources; k++) _units.Add(HazardSource(enterprise, sector, isMajor, k, lon, lat));
            sourcesMade += sources;
        }
    }

    private Unit PlaceEnterprise(string sector, bool major)
    {
        if (major && _chemicalParks.Count > 0 && _random.NextDouble() < 0.9) return _chemicalParks[_random.Next(_chemicalParks.Count)];
        if (sector == Sectors.HazardousChemicals && _chemicalParks.Count > 0 && _random.NextDouble() < 0.5) return _chemicalParks[_random.Next(_chemicalParks.Count)];
        if (sector == Sectors.IndustryTrade && _industrialParks.Count > 0 && _random.NextDouble() < 0.5) return _industrialParks[_random.Next(_industrialParks.Count)];
        var district = sector == Sectors.CoalMining
            ? Pick(OrdosGeography.CoalDistricts.Select(c => c.District).ToArray(), OrdosGeography.CoalDistricts.Select(c => c.Weight).ToArray())
            : Pick(OrdosGeography.Districts.Select(d => d.Code).ToArray(), OrdosGeography.Districts.Select(d => d.Population / 10_000).ToArray());
        var towns = _townsByDistrict[district];
        return towns[_random.Next(towns.Count)];
    }

    private EnterpriseProfile EnterpriseProfileFor(string sector, bool major)
    {
        var profile = new EnterpriseProfile
        {
            Sector = sector,
            Department = sector switch
            {
                Sectors.CoalMining => Departments.Energy,
                Sectors.TownGas or Sectors.Construction => Departments.Housing,
                Sectors.Transport => Departments.Transport,
                Sectors.SpecialEquipment => Departments.Market,
                _ => Departments.Emergency,
            },
            Benchmark = _random.NextDouble() < 0.3,
        };
        if (major) return profile with { Diagnostic = new DiagnosticAssessment(Math.Round(55 + _random.NextDouble() * 43) , [], []) };
        if (sector == Sectors.CoalMining)
        {
            var roll = _random.NextDouble();
            var gas = roll < 0.6 ? GasClass.LowGas : roll < 0.9 ? GasClass.HighGas : GasClass.Outburst;
            return profile with { CoalMine = new CoalMineProfile(gas, _random.NextDouble() < 0.1, _random.NextDouble() < 0.1) };
        }
        if (_random.NextDouble() < 0.7)
        {
            double[] l = [0.5, 1, 3, 6], e = [1, 2, 3, 6], c = [1, 3, 7, 15];
            return profile with { Lec = new LecAssessment(l[_random.Next(l.Length)], e[_random.Next(e.Length)], c[_random.Next(c.Length)]) };
        }
        return profile with { Ls = new LsAssessment(1 + _random.Next(4), 1 + _random.Next(4)) };
    }

    private Unit HazardSource(Unit enterprise, string sector, bool major, int k, double lon, double lat)
    {
        var code = $"hs-{enterprise.Code[4..]}-{k}";
        var point = _geometry.CreatePoint(new Coordinate(Round(lon + (_random.NextDouble() - 0.5) * 0.004), Round(lat + (_random.NextDouble() - 0.5) * 0.004)));
        var (type, name, inventory, sensors, pressurised) = sector switch
        {
            Sectors.CoalMining => MineFace(code, k),
            Sectors.TownGas => GasStation(code),
            _ => ChemicalUnit(code, major),
        };
        if (_options.SensorsPerSource is { } wanted) sensors = Resize(sensors, wanted, code);
        int[] around = [0, 12, 40, 75, 160, 420];
        return new Unit
        {
            Code = code, Kind = UnitKind.HazardSource, Name = $"{name}{k}", Parent = enterprise.Code, Geometry = point, People = 3 + _random.Next(40),
            HazardSource = new HazardSourceProfile
            {
                Type = type, Pressurised = pressurised, PeopleWithin500m = around[_random.Next(around.Length)],
                Inventory = inventory, Sensors = sensors,
                Responsible = new ResponsiblePersons(PersonName(), PersonName(), PersonName()),
            },
        };
    }

    private (string, string, List<InventoryItem>, List<Sensor>, bool) ChemicalUnit(string code, bool major)
    {
        // What the seeds' chemical parks hold: chlor-alkali, coal-to-chemicals (methanol, ammonia, hydrogen), fuels.
        string[] main = ["chlorine", "ammonia", "methanol", "benzene", "lpg", "hydrogen", "coal-gas", "methane", "gasoline", "toluene", "hydrogen-sulfide"];
        var chemical = main[_random.Next(main.Length)];
        var catalog = ChemicalCatalog.Default.Get(chemical);
        var ratio = major ? 1.1 + _random.NextDouble() * 5 : 0.1 + _random.NextDouble() * 0.6;
        var inventory = new List<InventoryItem> { new(chemical, Math.Round(catalog.CriticalQuantityT * ratio, 1)) };
        if (_random.NextDouble() < 0.3)
        {
            var second = main[_random.Next(main.Length)];
            if (second != chemical) inventory.Add(new InventoryItem(second, Math.Round(ChemicalCatalog.Default.Get(second).CriticalQuantityT * _random.NextDouble() * 0.5, 1)));
        }
        var gasPhase = chemical is "chlorine" or "ammonia" or "lpg" or "hydrogen" or "coal-gas" or "methane" or "hydrogen-sulfide";
        var (type, name) = gasPhase ? ("tank-farm", "储罐区") : _random.NextDouble() < 0.6 ? ("tank-farm", "储罐区") : ("production-unit", "生产装置");
        var sensors = new List<Sensor> { GasDetector(code, 1, chemical), GasDetector(code, 2, chemical), Level(code), Temperature(code) };
        if (gasPhase) sensors.Add(Pressure(code));
        return (type, name, inventory, sensors, gasPhase);
    }

    private (string, string, List<InventoryItem>, List<Sensor>, bool) MineFace(string code, int k)
    {
        var (type, name) = k % 2 == 1 ? ("working-face", "综采工作面") : ("heading-face", "掘进工作面");
        var sensors = new List<Sensor>
        {
            // 《煤矿安全规程》: alarm at 1.0 % CH4, power cut at 1.5 % at the coal face and upper corner.
            Point(code, "CH4-01", "methane", "%CH4", 0, 4, new SetPoints(null, null, 1.0, 1.5), 0.05, "methane"),
            Point(code, "CH4-02", "methane", "%CH4", 0, 4, new SetPoints(null, null, 1.0, 1.5), 0.05, "methane"),
            Point(code, "CO-01", "toxic-gas", "ppm", 0, 500, new SetPoints(null, null, 24, 50), 1, null),
            Point(code, "TT-01", "temperature", "°C", -20, 60, new SetPoints(null, null, 30, 34), 0.5, null),
        };
        return (type, name, [], sensors, false);
    }

    private (string, string, List<InventoryItem>, List<Sensor>, bool) GasStation(string code)
    {
        var sensors = new List<Sensor>
        {
            Point(code, "GT-01", "combustible-gas", "%LEL", 0, 100, new SetPoints(null, null, 25, 50), 1.25, "methane"),
            Point(code, "PT-01", "pressure", "MPa", 0, 1.6, new SetPoints(0.05, 0.1, 0.4, 0.45), 0.016, null),
        };
        return ("gas-station", "燃气门站", [new InventoryItem("methane", Math.Round(2 + _random.NextDouble() * 20, 1))], sensors, true);
    }

    /// <summary>GB/T 50493-2019 alarm values: toxic gases 100 % / 200 % OEL (mg/m³), combustibles 25 % / 50 % LEL.</summary>
    private static Sensor GasDetector(string hs, int n, string chemical) => chemical switch
    {
        "chlorine" => Point(hs, $"AT-{n:D2}", "toxic-gas", "mg/m3", 0, 20, new SetPoints(null, null, 1, 2), 0.05, chemical),
        "ammonia" => Point(hs, $"AT-{n:D2}", "toxic-gas", "mg/m3", 0, 200, new SetPoints(null, null, 20, 40), 1, chemical),
        "hydrogen-sulfide" => Point(hs, $"AT-{n:D2}", "toxic-gas", "mg/m3", 0, 100, new SetPoints(null, null, 10, 20), 0.5, chemical),
        "coal-gas" => Point(hs, $"AT-{n:D2}", "toxic-gas", "mg/m3", 0, 500, new SetPoints(null, null, 20, 40), 1, chemical),
        "benzene" => Point(hs, $"AT-{n:D2}", "toxic-gas", "mg/m3", 0, 100, new SetPoints(null, null, 6, 12), 0.3, chemical),
        _ => Point(hs, $"GT-{n:D2}", "combustible-gas", "%LEL", 0, 100, new SetPoints(null, null, 25, 50), 1.25, chemical),
    };

    private static Sensor Level(string hs) => Point(hs, "LT-01", "level", "%", 0, 100, new SetPoints(5, 10, 85, 90), 1, null);
    private static Sensor Temperature(string hs) => Point(hs, "TT-01", "temperature", "°C", -40, 150, new SetPoints(null, null, 40, 50), 1.9, null);
    private static Sensor Pressure(string hs) => Point(hs, "PT-01", "pressure", "MPa", 0, 4, new SetPoints(null, 0.2, 1.8, 2.0), 0.04, null);

    private static Sensor Point(string hs, string tag, string kind, string unit, double min, double max, SetPoints sp, double deadband, string? chemical) =>
        new() { Code = $"{hs}.{tag}", Kind = kind, Unit = unit, RangeMin = min, RangeMax = max, SetPoints = sp, Deadband = deadband, Chemical = chemical };

    /// <summary>Pads with further temperature points, or trims, to exactly <paramref name="count"/> sensors.</summary>
    private static List<Sensor> Resize(List<Sensor> sensors, int count, string hs)
    {
        var result = sensors.Take(count).ToList();
        for (var i = result.Count; i < count; i++)
            result.Add(Point(hs, $"TT-{i + 2:D2}", "temperature", "°C", -40, 150, new SetPoints(null, null, 40, 50), 1.9, null));
        return result;
    }

    private void AddRescueTeams()
    {
        var city = OrdosGeography.CityCode;
        var centre = OrdosGeography.Districts[0].Box;
        AddTeam("team-150600-hazmat", "鄂尔多斯市危险化学品应急救援队", city, centre, [Capabilities.Hazmat, Capabilities.Fire, Capabilities.Environmental], 60,
            [new("防化洗消车", 2), new("气体侦检车", 2), new("堵漏器材组", 6), new("重型防化服", 40)]);
        AddTeam("team-150600-mine", "国家矿山应急救援鄂尔多斯基地", city, OrdosGeography.Districts[8].Box, [Capabilities.MineRescue, Capabilities.Medical], 120,
            [new("矿山救护车", 6), new("正压氧气呼吸器", 80), new("排水设备", 4)]);
        AddTeam("team-150600-ems", "鄂尔多斯市急救中心", city, centre, [Capabilities.Medical], 80, [new("救护车", 20)]);
        foreach (var d in OrdosGeography.Districts)
        {
            AddTeam($"team-{d.Code}-fire", $"{d.Name}消防救援大队", d.Code, d.Box, [Capabilities.Fire, Capabilities.SearchRescue], 40 + _random.Next(60),
                [new("水罐消防车", 3 + _random.Next(4)), new("泡沫消防车", 1 + _random.Next(3)), new("抢险救援车", 1)]);
            AddTeam($"team-{d.Code}-ems", $"{d.Name}急救站", d.Code, d.Box, [Capabilities.Medical], 10 + _random.Next(20), [new("救护车", 2 + _random.Next(5))]);
            if (OrdosGeography.CoalDistricts.Any(c => c.District == d.Code && c.Weight >= 2))
                AddTeam($"team-{d.Code}-mine", $"{d.Name}矿山救护中队", d.Code, d.Box, [Capabilities.MineRescue], 30 + _random.Next(20), [new("矿山救护车", 2), new("正压氧气呼吸器", 30)]);
            if (_chemicalParks.Any(p => p.Parent == d.Code))
                AddTeam($"team-{d.Code}-hazmat", $"{d.Name}园区专职消防队", d.Code, d.Box, [Capabilities.Hazmat, Capabilities.Fire], 25 + _random.Next(30), [new("防化洗消车", 1), new("泡沫消防车", 2)]);
        }
    }

    private void AddTeam(string code, string name, string parent, Box box, string[] capabilities, int headcount, EquipmentItem[] equipment)
    {
        var (lon, lat) = box.Random(_random, 0.3);
        _units.Add(new Unit
        {
            Code = code, Kind = UnitKind.RescueTeam, Name = name, Parent = parent, Geometry = _geometry.CreatePoint(new Coordinate(Round(lon), Round(lat))), People = headcount,
            RescueTeam = new RescueTeamProfile { Capabilities = capabilities, Headcount = headcount, Equipment = equipment, Status = TeamStatus.Available },
        });
    }

    private string EnterpriseName(string sector, Unit parent)
    {
        var stem = NameChars[_random.Next(NameChars.Length)] + NameChars[_random.Next(NameChars.Length)];
        var place = parent.Name.Length >= 2 ? parent.Name[..2] : parent.Name;
        return sector switch
        {
            Sectors.HazardousChemicals => $"鄂尔多斯市{stem}化工有限公司",
            Sectors.CoalMining => $"{place}{stem}煤矿",
            Sectors.TownGas => $"{place}{stem}燃气有限公司",
            Sectors.Construction => $"{stem}建设工程有限公司",
            Sectors.Transport => $"{stem}物流运输有限公司",
            Sectors.SpecialEquipment => $"{stem}起重机械有限公司",
            _ => $"{stem}冶金有限公司",
        };
    }

    private string PersonName()
    {
        string[] family = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "高", "郭", "马", "白", "乌"];
        string[] given = ["伟", "敏", "军", "磊", "强", "洋", "勇", "艳", "杰", "涛", "明", "超", "巴图", "其其格", "斯琴"];
        return family[_random.Next(family.Length)] + given[_random.Next(given.Length)];
    }

    private string DistrictOf(Unit unit) => unit.Kind == UnitKind.District ? unit.Code : unit.Parent ?? unit.Code;

    private Box BoxOf(Unit unit)
    {
        var e = unit.Geometry.EnvelopeInternal;
        return new Box(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }

    private T Pick<T>(T[] items, int[] weights)
    {
        var roll = _random.Next(weights.Sum());
        for (var i = 0; i < items.Length; i++)
        {
            if ((roll -= weights[i]) < 0) return items[i];
        }
        return items[^1];
    }

    private Polygon Rectangle(Box b)
    {
        double x0 = Round(b.MinLon), y0 = Round(b.MinLat), x1 = Round(b.MaxLon), y1 = Round(b.MaxLat);
        return _geometry.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
    }

    private static double Round(double degrees) => Math.Round(degrees, 6);
}
