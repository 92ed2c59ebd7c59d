using CityTwin.Protos.V1;
using Grpc.Core;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>Drill calls for the security tests: a small scenario inside enterprise ent-150622-0001, and helpers.</summary>
public static class DrillCalls
{
    /// <summary>Five simulated minutes of a small chlorine puff at the test enterprise's hazard source.</summary>
    public const string Scenario = """
        {
          "format": "citytwin-drill/1",
          "name": "security probe",
          "start": "2026-06-01T10:00:00+08:00",
          "durationMin": 5,
          "event": { "type": "toxic-instantaneous", "hazardSource": "hs-150622-0001-1", "material": "chlorine", "amountKg": 20 },
          "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D" },
          "injects": [ { "atMin": 1, "type": "sensor-readings", "hazardSource": "hs-150622-0001-1", "readings": [ { "sensor": "hs-150622-0001-1.GT-01", "value": 60 } ] } ]
        }
        """;

    public static DrillService.DrillServiceClient Client(RunningHost host) => new(host.Channel);

    public static async Task<string> StartAsync(RunningHost host, Metadata? headers, CancellationToken ct) =>
        (await Client(host).StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario }, headers, cancellationToken: ct)).DrillId;

    /// <summary>Reads the first timeline event, then hangs up (a running drill's watch lasts until it ends).</summary>
    public static async Task WatchFirstAsync(RunningHost host, Metadata? headers, string drillId, CancellationToken ct)
    {
        using var call = Client(host).WatchDrill(new WatchDrillRequest { DrillId = drillId }, headers, cancellationToken: ct);
        if (!await call.ResponseStream.MoveNext(ct)) throw new InvalidOperationException("the drill's watch ended without an event");
    }
}
