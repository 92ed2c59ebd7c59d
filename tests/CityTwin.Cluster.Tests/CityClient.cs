using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cluster.Tests;

/// <summary>What the tests ask of the sample city over gRPC.</summary>
public static class CityClient
{
    public const string City = "150600";

    /// <summary>The sensors of the hazard sources under a path, each with a value inside its normal band.</summary>
    public static async Task<List<Feeder.Sensor>> SensorsAsync(GrpcChannel channel, string scope, CancellationToken ct)
    {
        var query = new QueryService.QueryServiceClient(channel);
        var codes = new List<string>();
        var token = "";
        do
        {
            var page = await query.FindUnitsAsync(new FindUnitsRequest { Kinds = { UnitKind.HazardSource }, PathPrefix = scope, PageSize = 1000, PageToken = token }, cancellationToken: ct);
            codes.AddRange(page.Units.Select(u => u.Code));
            token = page.NextPageToken;
        } while (token.Length > 0);
        var sensors = new List<Feeder.Sensor>();
        foreach (var code in codes)
        {
            var unit = await query.GetUnitAsync(new GetUnitRequest { Code = code }, cancellationToken: ct);
            sensors.AddRange(unit.HazardSource.Sensors.Select(s =>
            {
                var ceiling = s.HasHigh ? s.High : s.RangeMax;
                var floor = s.HasLow ? s.Low : s.RangeMin;
                return new Feeder.Sensor(s.Code, floor + (ceiling - floor) * 0.4, s.HasHighHigh ? s.HighHigh + (s.RangeMax - s.HighHigh) * 0.2 : null);
            }));
        }
        return sensors;
    }

    /// <summary>Asks for the roll-up invariant until it is clean or the time is up; returns the last report.</summary>
    public static async Task<InvariantReport> InvariantSettlesAsync(GrpcChannel channel, TimeSpan within, CancellationToken ct)
    {
        var query = new QueryService.QueryServiceClient(channel);
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            InvariantReport? report = null;
            try { report = await query.CheckInvariantAsync(new CheckInvariantRequest { Scope = City }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct); }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTimeOffset.UtcNow < deadline) { }
            if (report is not null && (report.Mismatches.Count == 0 || DateTimeOffset.UtcNow >= deadline)) return report;
            await Task.Delay(1000, ct);
        }
    }

    /// <summary>A rescue team feature under a district: a registry write that touches one new unit grain.</summary>
    public static string TeamFeature(string code, string name) =>
        """{"type":"Feature","geometry":{"type":"Point","coordinates":[109.95,39.81]},"properties":{"code":""" + $"\"{code}\"" +
        ""","kind":"rescue-team","name":""" + $"\"{name}\"" +
        ""","parent":"150602","people":12,"status":"available","details":{"capabilities":["search-rescue"],"headcount":12,"equipment":[{"name":"救援车","count":1}]}}}""";

    public static void Log(string line) => Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
}
