using System.Text.Json;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Google.Protobuf.WellKnownTypes;
using NetTopologySuite.IO;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Units;

/// <summary>Maps registry records and index entries to their citytwin.v1 messages.</summary>
public static class UnitMessages
{
    public static Proto.UnitKind ToProto(this UnitKind kind) => kind switch
    {
        UnitKind.City => Proto.UnitKind.City,
        UnitKind.District => Proto.UnitKind.District,
        UnitKind.Town => Proto.UnitKind.Town,
        UnitKind.Park => Proto.UnitKind.Park,
        UnitKind.Enterprise => Proto.UnitKind.Enterprise,
        UnitKind.HazardSource => Proto.UnitKind.HazardSource,
        UnitKind.RescueTeam => Proto.UnitKind.RescueTeam,
        _ => Proto.UnitKind.Unspecified,
    };

    public static bool TryFromProto(this Proto.UnitKind kind, out UnitKind result)
    {
        result = kind switch
        {
            Proto.UnitKind.City => UnitKind.City,
            Proto.UnitKind.District => UnitKind.District,
            Proto.UnitKind.Town => UnitKind.Town,
            Proto.UnitKind.Park => UnitKind.Park,
            Proto.UnitKind.Enterprise => UnitKind.Enterprise,
            Proto.UnitKind.HazardSource => UnitKind.HazardSource,
            Proto.UnitKind.RescueTeam => UnitKind.RescueTeam,
            _ => (UnitKind)(-1),
        };
        return System.Enum.IsDefined(result);
    }

    public static Proto.UnitSummary ToSummary(this IndexEntry e)
    {
        var centroid = new WKBReader(BundleJson.Geometry.GeometryServices).Read(e.GeometryWkb).Centroid;
        return new Proto.UnitSummary
        {
            Code = e.Code, Kind = e.Kind.ToProto(), Name = e.Name, Parent = e.Parent ?? "", Path = e.Path,
            Sector = e.Sector ?? "", Department = e.Department ?? "", Version = e.Version,
            Longitude = Math.Round(centroid.X, 6), Latitude = Math.Round(centroid.Y, 6),
        };
    }

    public static Proto.Unit ToProto(this UnitRecord record)
    {
        var u = record.Unit;
        var message = new Proto.Unit
        {
            Code = u.Code, Kind = u.Kind.ToProto(), Name = u.Name, Parent = u.Parent ?? "", Path = u.Path,
            GeometryGeojson = JsonSerializer.Serialize(u.Geometry, BundleJson.Options), People = u.People,
            Version = record.Version, UpdatedAt = Timestamp.FromDateTimeOffset(record.UpdatedAt), UpdatedBy = record.UpdatedBy.Subject,
        };
        if (u.Town is { } town) message.Town = new Proto.TownProfile { Type = JsonNames.Of(JsonNames.TownTypes, town.Type) };
        if (u.Park is { } park)
        {
            message.Park = new Proto.ParkProfile { Type = JsonNames.Of(JsonNames.ParkTypes, park.Type) };
            if (park.AssessmentScore is { } score) message.Park.AssessmentScore = score;
        }
        if (u.Enterprise is { } e) message.Enterprise = Enterprise(e);
        if (u.HazardSource is { } h) message.HazardSource = HazardSource(h);
        if (u.RescueTeam is { } t)
        {
            message.RescueTeam = new Proto.RescueTeamProfile { Headcount = t.Headcount, Status = JsonNames.Of(JsonNames.TeamStatuses, t.Status) };
            message.RescueTeam.Capabilities.AddRange(t.Capabilities);
            message.RescueTeam.Equipment.AddRange(t.Equipment.Select(x => new Proto.EquipmentItem { Name = x.Name, Count = x.Count }));
        }
        return message;
    }

    private static Proto.EnterpriseProfile Enterprise(EnterpriseProfile e)
    {
        var p = new Proto.EnterpriseProfile { Sector = e.Sector, Department = e.Department, Benchmark = e.Benchmark };
        if (e.Diagnostic is { } d)
        {
            p.Diagnostic = new Proto.DiagnosticAssessment();
            if (d.Score is { } score) p.Diagnostic.Score = score;
            p.Diagnostic.Items.AddRange(d.Items.Select(i => new Proto.DiagnosticItem { Code = i.Code, Count = i.Count }));
            p.Diagnostic.Vetoes.AddRange(d.Vetoes);
        }
        if (e.Lec is { } lec) p.Lec = new Proto.LecAssessment { L = lec.L, E = lec.E, C = lec.C };
        if (e.Ls is { } ls) p.Ls = new Proto.LsAssessment { L = ls.L, S = ls.S };
        if (e.CoalMine is { } m)
            p.CoalMine = new Proto.CoalMineProfile { GasClass = JsonNames.Of(JsonNames.GasClasses, m.GasClass), RockBurst = m.RockBurst, MajorWaterHazard = m.MajorWaterHazard };
        return p;
    }

    private static Proto.HazardSourceProfile HazardSource(HazardSourceProfile h)
    {
        var p = new Proto.HazardSourceProfile { Type = h.Type, Pressurised = h.Pressurised, PeopleWithin500M = h.PeopleWithin500m };
        p.Inventory.AddRange(h.Inventory.Select(i => new Proto.InventoryItem { Chemical = i.Chemical, QuantityT = i.QuantityT }));
        foreach (var s in h.Sensors)
        {
            var sensor = new Proto.Sensor { Code = s.Code, Kind = s.Kind, Unit = s.Unit, RangeMin = s.RangeMin, RangeMax = s.RangeMax, Mandatory = s.Mandatory, Chemical = s.Chemical ?? "" };
            if (s.SetPoints.LowLow is { } ll) sensor.LowLow = ll;
            if (s.SetPoints.Low is { } lo) sensor.Low = lo;
            if (s.SetPoints.High is { } hi) sensor.High = hi;
            if (s.SetPoints.HighHigh is { } hh) sensor.HighHigh = hh;
            if (s.Deadband is { } db) sensor.Deadband = db;
            p.Sensors.Add(sensor);
        }
        if (h.Responsible is { } r) p.Responsible = new Proto.ResponsiblePersons { Principal = r.Principal, Technical = r.Technical, Operational = r.Operational };
        return p;
    }

    public static Proto.Problem ToProto(this BundleProblem p) =>
        new() { Unit = p.Unit, Field = p.Field, Kind = p.Kind.ToString(), Message = p.Message };
}
