using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CityTwin.Domain.Registry;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Api;

/// <summary>The HTTP/1 port of a real host: the dashboard behind the role the setting names, probes and metrics.</summary>
public class ObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> GetAsync(HttpClient http, string url, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_dashboard_answers_only_its_role_while_the_probes_need_no_credentials()
    {
        var httpPort = FreePort.Next();
        await using var host = await RunningHost.StartAsync(sampleCity: "", configuration:
            [.. Identities.AuthConfiguration(), $"--CityTwin:HttpPort={httpPort}", "--CityTwin:Telemetry:Dashboard=true"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, "/dashboard/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(http, "/dashboard/", Identities.Token("city-admin", key: "another-key-that-the-server-does-not-know-0123")));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(http, "/dashboard/", Identities.Token("scope-supervisor", Identities.BannerPath)));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(http, "/dashboard/", Identities.Token("platform")));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(http, "/dashboard/", Identities.Token("city-admin")));

        // Kubelets and scrapers carry no credentials: the probes and /metrics stay open on this port.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(http, "/healthz/live"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(http, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(http, "/metrics"));
    }

    [Fact]
    public async Task A_change_reaching_the_city_is_measured_as_roll_up_lag_end_to_end()
    {
        var httpPort = FreePort.Next();
        await using var host = await RunningHost.StartAsync(configuration: [$"--CityTwin:HttpPort={httpPort}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var query = new QueryService.QueryServiceClient(host.Channel);
        var cityBefore = await query.GetLevelAsync(new GetLevelRequest { Code = "150600" }, cancellationToken: Ct);
        var lagBefore = CityLagCount(await http.GetStringAsync("/metrics", Ct));

        // High-high on every toxic-gas sensor of one banner: the city's counts of orange and red sources must move.
        var sensors = units.Where(u => u.HazardSource is not null && u.Path.StartsWith("150600/150622/", StringComparison.Ordinal))
            .SelectMany(u => u.HazardSource!.Sensors).Where(s => s.SetPoints.HighHigh is not null).Take(50).ToList();
        Assert.NotEmpty(sensors);
        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            var batch = new ReadingBatch { BatchId = 1 };
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            batch.Readings.AddRange(sensors.Select((s, i) => new Reading { Sensor = s.Code, Value = s.SetPoints.HighHigh!.Value * 1.5, EventTimeMs = now, Sequence = (ulong)i + 1 }));
            await call.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            Assert.Equal(sensors.Count, call.ResponseStream.Current.Accepted);
            await call.RequestStream.CompleteAsync();
        }

        LiveLevel city = cityBefore;
        for (var i = 0; i < 200 && city.HazardSources.Orange + city.HazardSources.Red <= cityBefore.HazardSources.Orange + cityBefore.HazardSources.Red; i++)
        {
            await Task.Delay(50, Ct);
            city = await query.GetLevelAsync(new GetLevelRequest { Code = "150600" }, cancellationToken: Ct);
        }
        Assert.True(city.Version > cityBefore.Version, $"the city never changed: {city}");

        // The exporter caches a scrape for a moment, so ask until the city's record shows.
        var text = await http.GetStringAsync("/metrics", Ct);
        for (var i = 0; i < 50 && CityLagCount(text) <= lagBefore; i++)
        {
            await Task.Delay(100, Ct);
            text = await http.GetStringAsync("/metrics", Ct);
        }
        Assert.True(CityLagCount(text) > lagBefore, $"no roll-up lag to the city was recorded after {lagBefore} before");
        // A lag is a real duration: positive and below the settling time of the test itself.
        var sum = double.Parse(Metric(text, "citytwin_rollup_city_lag_milliseconds_sum"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sum, 0, 10_000 * CityLagCount(text));
    }

    private static long CityLagCount(string metrics) =>
        Metric(metrics, "citytwin_rollup_city_lag_milliseconds_count") is { Length: > 0 } v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static string Metric(string metrics, string name) =>
        Regex.Match(metrics, $@"^{name}(?:\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "";
}
