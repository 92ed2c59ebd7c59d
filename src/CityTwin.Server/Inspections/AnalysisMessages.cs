using CityTwin.Abstractions.Inspections;
using CityTwin.Domain.Inspections;
using CityTwin.Server.Risk;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Inspections;

/// <summary>Maps ledger statistics and inspection plans to citytwin.v1 messages.</summary>
public static class AnalysisMessages
{
    public static Proto.HiddenDangerStatsReply ToProto(this ScopeStatistics s, int repeatWindowDays)
    {
        var reply = new Proto.HiddenDangerStatsReply { Total = s.Total.ToProto(s.Enterprises, s.WithLedgers), RepeatWindowDays = repeatWindowDays };
        if (s.AsOf is { } asOf) reply.AsOf = Timestamp.FromDateTimeOffset(asOf);
        reply.Groups.AddRange(s.Groups.Select(g => new Proto.HiddenDangerStatsGroup { Key = g.Key, Figures = g.Stats.ToProto(g.Enterprises, g.WithLedgers) }));
        return reply;
    }

    public static Proto.HiddenDangerFigures ToProto(this HiddenDangerStats s, int enterprises, int withLedgers)
    {
        var f = new Proto.HiddenDangerFigures
        {
            Found = s.Found, FoundMajor = s.FoundMajor, FoundGeneral = s.FoundGeneral, Rejected = s.Rejected, Rectified = s.Rectified,
            RectifiedOnTime = s.RectifiedOnTime, Closed = s.Closed, Open = s.Open, OpenMajor = s.OpenMajor, Overdue = s.Overdue,
            OverdueMajor = s.OverdueMajor, MajorSelfFound = s.MajorSelfFound, Enterprises = enterprises, EnterprisesWithLedgers = withLedgers,
            RepeatOffenders = { s.RepeatOffenders },
        };
        if (s.OnTimeRate is { } rate) f.OnTimeRate = rate;
        if (s.SelfFoundMajorShare is { } share) f.SelfFoundMajorShare = share;
        f.RepeatOffences.AddRange(s.RepeatOffences.Select(o => new Proto.RepeatOffence
        {
            EnterpriseCode = o.EnterpriseCode, Category = o.Category.ToProto(), CriterionCode = o.CriterionCode, RecordIds = { o.RecordIds },
        }));
        return f;
    }

    public static Proto.InspectionPlan ToProto(this ScopePlan p)
    {
        var plan = new Proto.InspectionPlan
        {
            From = Date(p.Plan.From), To = Date(p.Plan.To), Seed = p.Plan.Seed, NotProposed = { p.Plan.NotProposed },
            Candidates = p.Plan.Proposals.Count + p.Plan.NotProposed.Count, Benchmarks = p.Benchmarks,
        };
        plan.Proposals.AddRange(p.Plan.Proposals.Select(x =>
        {
            var entry = p.Enterprises.GetValueOrDefault(x.EnterpriseCode);
            return new Proto.InspectionProposal
            {
                EnterpriseCode = x.EnterpriseCode, Name = entry?.Name ?? "", Sector = entry?.Sector ?? "", Department = entry?.Department ?? "",
                Level = x.Level.ToProto(), Inspections = x.Inspections, Unannounced = x.Unannounced,
                Reasons = { x.Reasons.Select(r => new Proto.PlanReason { Code = r.Code, Delta = r.Delta, Text = r.Text }) },
            };
        }));
        return plan;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
