using System.Diagnostics;
using System.Text;
using Npgsql;

namespace CityTwin.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests.
/// <para>
/// If the environment variable <c>CITYTWIN_TEST_PG</c> holds a connection string, that server is
/// used: each instance creates a fresh database with a random name and drops it on dispose
/// (stop/start/restart are not possible there and throw).
/// </para>
/// <para>
/// Otherwise a private server is created with the local PostgreSQL binaries
/// (<c>/usr/lib/postgresql/&lt;highest&gt;/bin</c>, else PATH) in a short temp directory under /tmp,
/// on a free loopback port. As root (CI) initdb and pg_ctl run as user postgres via runuser,
/// because PostgreSQL refuses to run as root. By default the server runs with fsync=off and
/// synchronous_commit=off for speed; pass <c>durable: true</c> for crash/restart tests that must
/// not lose committed data.
/// </para>
/// Failures throw with the captured output of the failing command: tests fail, never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string ExternalServerVariable = "CITYTWIN_TEST_PG";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 5;

    private readonly bool _durable;
    private readonly string? _externalAdminConnectionString;
    private readonly string? _externalDatabase;
    private readonly string? _binDirectory;
    private readonly string? _rootDirectory;
    private readonly bool _runAsPostgres;
    private bool _running;
    private bool _disposed;

    /// <summary>Creates and starts the server (blocking). Prefer <see cref="CreateAsync"/> in async code.</summary>
    /// <param name="durable">Keep fsync and synchronous commit on (for crash/restart tests).</param>
    public PostgresServer(bool durable = false)
    {
        _durable = durable;
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _externalAdminConnectionString = external;
            _externalDatabase = "citytwin_test_" + Guid.NewGuid().ToString("N")[..12];
            CreateExternalDatabaseAsync(CancellationToken.None).GetAwaiter().GetResult();
            return;
        }

        _binDirectory = FindBinDirectory();
        _runAsPostgres = Environment.IsPrivilegedProcess;
        _rootDirectory = CreateShortTempDirectory();
        try
        {
            InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
        catch
        {
            // Leave nothing behind when the server cannot be set up.
            TryStopImmediately();
            TryDeleteDirectory();
            throw;
        }
    }

    /// <summary>Creates and starts a server without blocking the calling thread.</summary>
    public static Task<PostgresServer> CreateAsync(bool durable = false, CancellationToken cancellationToken = default) =>
        Task.Run(() => new PostgresServer(durable), cancellationToken);

    /// <summary>Connection string for the test database (Host=127.0.0.1;Port=...;Username=postgres;Database=...).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>TCP port of the server.</summary>
    public int Port { get; private set; }

    /// <summary>True when this instance uses the server named by <c>CITYTWIN_TEST_PG</c>.</summary>
    public bool IsExternal => _externalAdminConnectionString is not null;

    /// <summary>Data directory of a local server (null for an external one).</summary>
    public string? DataDirectory => _rootDirectory is null ? null : Path.Combine(_rootDirectory, "data");

    /// <summary>Stops the server cleanly (pg_ctl stop -m fast). The data directory and port are kept.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfExternal(nameof(StopAsync));
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_running)
        {
            return;
        }

        ClearPool();
        var result = await RunPgToolAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", DataDirectory!], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("pg_ctl stop failed." + Environment.NewLine + result.Describe() + ReadServerLog());
        }

        _running = false;
    }

    /// <summary>Starts the server again on the same data directory and port (after <see cref="StopAsync"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfExternal(nameof(StartAsync));
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_running)
        {
            return;
        }

        var result = await StartServerAsync(Port, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL did not restart on port {Port}." + Environment.NewLine + result.Describe() + ReadServerLog());
        }

        _running = true;
        ClearPool();
    }

    /// <summary>Stops the server cleanly and starts it again on the same data directory and port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server immediately and deletes its directory (or drops the external database).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (IsExternal)
        {
            await DropExternalDatabaseAsync().ConfigureAwait(false);
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        ClearPool();
        if (_running)
        {
            await RunPgToolAsync("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", DataDirectory!], CancellationToken.None).ConfigureAwait(false);
            _running = false;
        }

        TryDeleteDirectory();
    }

    public override string ToString() => IsExternal ? $"external PostgreSQL, database {_externalDatabase}" : $"PostgreSQL on 127.0.0.1:{Port} in {_rootDirectory}";

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_runAsPostgres)
        {
            var chown = await RunAsync("chown", ["postgres:postgres", _rootDirectory!], asPostgres: false, cancellationToken).ConfigureAwait(false);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException("Cannot hand the PostgreSQL temp directory to user postgres." + Environment.NewLine + chown.Describe());
            }
        }

        var initdb = await RunPgToolAsync("initdb", ["--no-sync", "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D", DataDirectory!], cancellationToken).ConfigureAwait(false);
        if (initdb.ExitCode != 0)
        {
            throw new InvalidOperationException("initdb failed." + Environment.NewLine + initdb.Describe());
        }

        // A free port can be taken by someone else between choosing and binding it: retry a few times.
        ProcessResult? last = null;
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = FreePort.Next();
            last = await StartServerAsync(port, cancellationToken).ConfigureAwait(false);
            if (last.ExitCode == 0)
            {
                Port = port;
                _running = true;
                ConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                }.ConnectionString;
                return;
            }

            var log = ReadServerLog();
            if (!log.Contains("could not bind", StringComparison.OrdinalIgnoreCase) &&
                !log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"PostgreSQL did not start on port {port}." + Environment.NewLine + last.Describe() + log);
            }

            TryStopImmediately();
        }

        throw new InvalidOperationException($"PostgreSQL did not start after {StartAttempts} port attempts." + Environment.NewLine + last!.Describe() + ReadServerLog());
    }

    private Task<ProcessResult> StartServerAsync(int port, CancellationToken cancellationToken)
    {
        // Room for a host's pools: grain storage, reminders and clustering share one (Npgsql's default 100), the live
        // records and history keep their own (docs/ingest.md).
        var options = $"-p {port} -k {_rootDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300";
        if (!_durable)
        {
            options += " -c fsync=off -c synchronous_commit=off";
        }

        return RunPgToolAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory!, "-l", LogFile, "-o", options], cancellationToken);
    }

    private string LogFile => Path.Combine(_rootDirectory!, "server.log");

    private string ReadServerLog()
    {
        try
        {
            return File.Exists(LogFile) ? Environment.NewLine + "server log:" + Environment.NewLine + File.ReadAllText(LogFile) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private Task<ProcessResult> RunPgToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_binDirectory!, tool), arguments, _runAsPostgres, cancellationToken);

    private async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _rootDirectory ?? Path.GetTempPath(),
        };
        if (asPostgres)
        {
            startInfo.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", fileName])
            {
                startInfo.ArgumentList.Add(a);
            }
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Cannot run '{commandLine}': {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            throw new TimeoutException($"'{commandLine}' did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static string FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: double.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin"))
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH. " +
            "Install them (apt-get install -y postgresql) or set " + ExternalServerVariable + " to a server's connection string.");
    }

    private static string CreateShortTempDirectory()
    {
        // The server's Unix socket path must stay under 107 bytes, so use /tmp directly rather than
        // $TMPDIR, which can be long.
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < 100; i++)
        {
            var suffix = string.Create(8, 0, static (span, _) =>
            {
                for (var j = 0; j < span.Length; j++)
                {
                    span[j] = chars[Random.Shared.Next(chars.Length)];
                }
            });
            var path = "/tmp/ctpg-" + suffix;
            if (Directory.Exists(path) || File.Exists(path))
            {
                continue;
            }

            var info = Directory.CreateDirectory(path);
            return info.FullName;
        }

        throw new InvalidOperationException("Cannot create a temp directory under /tmp.");
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Best effort if a test run ends without disposing: do not leave servers running.
        TryStopImmediately();
        TryDeleteDirectory();
    }

    private void TryStopImmediately()
    {
        if (_rootDirectory is null || !Directory.Exists(Path.Combine(_rootDirectory, "data")))
        {
            return;
        }

        try
        {
            RunPgToolAsync("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", DataDirectory!], CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            // Nothing more can be done here.
        }

        _running = false;
    }

    private void TryDeleteDirectory()
    {
        if (_rootDirectory is null)
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(_rootDirectory))
                {
                    Directory.Delete(_rootDirectory, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private void ClearPool()
    {
        if (ConnectionString.Length > 0)
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private void ThrowIfExternal(string operation)
    {
        if (IsExternal)
        {
            throw new NotSupportedException($"{operation} is not possible on the external server named by {ExternalServerVariable}; run this test with a local server.");
        }
    }

    private async Task CreateExternalDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(_externalAdminConnectionString);
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_externalDatabase}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = _externalDatabase };
        ConnectionString = builder.ConnectionString;
        Port = builder.Port;
        _running = true;
    }

    private async Task DropExternalDatabaseAsync()
    {
        ClearPool();
        await using var connection = new NpgsqlConnection(_externalAdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_externalDatabase}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe()
        {
            var text = new StringBuilder();
            text.Append("command: ").AppendLine(CommandLine);
            text.Append("exit code: ").Append(ExitCode).AppendLine();
            text.AppendLine("stdout:").AppendLine(StandardOutput);
            text.AppendLine("stderr:").Append(StandardError);
            return text.ToString();
        }
    }
}
