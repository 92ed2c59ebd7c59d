using CityTwin.Abstractions.Live;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Risk.Rollup;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Risk;

/// <summary>Maps live risk summaries and their reasons to citytwin.v1 messages.</summary>
public static class RiskMessages
{
    public static Proto.RiskLevel ToProto(this RiskLevel level) => (Proto.RiskLevel)((int)level + 1);

    public static RiskLevel? FromProto(this Proto.RiskLevel level) =>
        level is >= Proto.RiskLevel.Blue and <= Proto.RiskLevel.Red ? (RiskLevel)((int)level - 1) : null;

    public static Proto.ColourCounts ToProto(this ColourCounts c) => new() { Blue = c.Blue, Yellow = c.Yellow, Orange = c.Orange, Red = c.Red };

    public static Proto.Reason ToProto(this RiskReason r)
    {
        var reason = new Proto.Reason
        {
            Rule = r.Rule, Unit = r.UnitCode, UnitName = r.UnitName, Level = r.Level.ToProto(),
            TextZh = r.Zh, TextEn = r.En, EvidenceId = r.EvidenceId ?? "", Basis = r.Basis.ToString(),
        };
        if (r.Since is { } since) reason.Since = Timestamp.FromDateTimeOffset(since);
        foreach (var input in r.Inputs)
        {
            var i = new Proto.ReasonInput { Name = input.Name, Text = input.Text ?? "", Unit = input.Unit ?? "" };
            if (input.Number is { } n) i.Number = n;
            reason.Inputs.Add(i);
        }
        return reason;
    }

    public static Proto.LiveLevel ToProto(this LiveUnit live, Proto.UnitKind kind)
    {
        var s = live.Summary;
        var message = new Proto.LiveLevel
        {
            Code = s.Code, Name = s.Name, Kind = kind, Level = s.Level.ToProto(), Score = Math.Round(s.Score, 2),
            Enterprises = s.Enterprises.ToProto(), HazardSources = s.HazardSources.ToProto(), Version = s.Version,
            ComputedAt = Timestamp.FromDateTimeOffset(live.ComputedAt),
        };
        message.Reasons.AddRange(s.Reasons.Select(r => r.ToProto()));
        foreach (var child in s.Worst)
        {
            var c = new Proto.ChildLevel { Code = child.Code, Name = child.Name, Level = child.Level.ToProto(), Score = Math.Round(child.Score, 2) };
            c.Reasons.AddRange(child.Reasons.Select(r => r.ToProto()));
            message.Worst.Add(c);
        }
        foreach (var sensor in live.Sensors)
        {
            var v = new Proto.SensorValue { Code = sensor.Code, Value = double.IsFinite(sensor.Value) ? sensor.Value : 0, State = sensor.State, Sequence = (ulong)Math.Max(0, sensor.Sequence) };
            if (sensor.At is { } at) v.At = Timestamp.FromDateTimeOffset(at);
            message.Sensors.Add(v);
        }
        return message;
    }
}
