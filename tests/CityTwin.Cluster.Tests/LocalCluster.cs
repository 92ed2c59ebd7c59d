using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Npgsql;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// deploy/local-cluster.sh driven from a test: a throwaway PostgreSQL and three silo processes of the built host on
/// free loopback ports, with short failure-detection timings (--fast). Faults are the script's: SIGKILL of a silo,
/// a PostgreSQL stop and start. Disposing stops everything and deletes the state directory.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const int Silos = 3;
    private readonly string _dir;
    private readonly int _base;
    private readonly List<GrpcChannel> _channels = [];

    private LocalCluster(string dir, int portBase)
    {
        _dir = dir;
        _base = portBase;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CityTwin.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("CityTwin.sln not found above the test directory");
    }

    /// <summary>The host built in the same configuration as these tests (Debug or Release).</summary>
    public static string HostDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", "CityTwin.Host", "bin", configuration, "net10.0", "CityTwin.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the host is not built at {dll}");
    }

    public static async Task<LocalCluster> StartAsync(CancellationToken ct, params string[] hostOptions)
    {
        var dir = Directory.CreateTempSubdirectory("ctc-").FullName;
        var cluster = new LocalCluster(dir, FreePortBase());
        try
        {
            string[] args = ["start", "--fast", ..cluster.Common(), "--host-dll", HostDll()];
            if (hostOptions.Length > 0) args = [.. args, "--", .. hostOptions];
            await cluster.ScriptAsync(ct, args);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string StateDirectory => _dir;
    public int GrpcPort(int silo) => _base + silo;
    public int HttpPort(int silo) => _base + 20 + silo;
    public int PostgresPort => _base + 80;
    public string Address(int silo) => $"http://127.0.0.1:{GrpcPort(silo)}";
    public IReadOnlyList<string> Addresses => Enumerable.Range(1, Silos).Select(Address).ToList();
    public string ConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=citytwin;Timeout=5";

    public GrpcChannel Channel(int silo)
    {
        var channel = GrpcChannel.ForAddress(Address(silo), new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        lock (_channels) _channels.Add(channel);
        return channel;
    }

    public int? Pid(int silo)
    {
        var file = Path.Combine(_dir, $"silo-{silo}.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    public bool IsRunning(int silo)
    {
        if (Pid(silo) is not { } pid) return false;
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    public Task KillSiloAsync(int silo, CancellationToken ct) => ScriptAsync(ct, ["silo-kill", silo.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Common()]);
    public Task StopSiloAsync(int silo, CancellationToken ct) => ScriptAsync(ct, ["silo-stop", silo.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Common()]);
    public Task StartSiloAsync(int silo, CancellationToken ct) => ScriptAsync(ct, ["silo-start", silo.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Common()]);
    public Task StopPostgresAsync(CancellationToken ct) => ScriptAsync(ct, ["pg-stop", .. Common()]);
    public Task StartPostgresAsync(CancellationToken ct) => ScriptAsync(ct, ["pg-start", .. Common()]);

    public string Log(int silo)
    {
        var file = Path.Combine(_dir, $"silo-{silo}.log");
        return File.Exists(file) ? File.ReadAllText(file) : "";
    }

    /// <summary>Rows of the membership table: (port, status) with Orleans' status numbers (3 active, 6 dead).</summary>
    public async Task<List<(int Port, int Status)>> MembershipAsync(CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(ConnectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleans_membership ORDER BY port, generation", db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        return rows;
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var db = new NpgsqlConnection(ConnectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<(int Status, string Body)> HttpGetAsync(int silo, string path, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort(silo)}{path}", ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private string[] Common() => ["--dir", _dir, "--port-base", _base.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private async Task ScriptAsync(CancellationToken ct, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}\n{Logs()}");
    }

    public string Logs() => string.Join("\n", Enumerable.Range(1, Silos).Select(i => $"--- silo {i} ---\n{Tail(Log(i), 40)}"));

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    /// <summary>A base whose 81 following ports are all free now (the script checks again before each start).</summary>
    private static int FreePortBase()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 45_000);
            if (Enumerable.Range(candidate, 81).All(IsFree)) return candidate;
        }
        throw new InvalidOperationException("no free range of 81 loopback ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var c in _channels) c.Dispose();
        }
        try { await ScriptAsync(CancellationToken.None, ["stop", "--purge", .. Common()]); }
        catch (InvalidOperationException) { }
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
