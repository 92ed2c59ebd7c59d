namespace CityTwin.Host;

/// <summary>
/// Short command-line switches mapped onto configuration keys; anything else is passed to the standard
/// configuration command-line provider (e.g. <c>--CityTwin:GrpcPort=6000</c>).
/// </summary>
public sealed record HostArguments(bool Help, bool InitDbOnly, string[] ConfigurationArgs)
{
    public const string Usage = """
        CityTwin host: an Orleans silo with the citytwin.v1 gRPC API in one process.

        Usage: dotnet run --project src/CityTwin.Host -- [options]

        Options:
          --port N             gRPC port (h2c) [default 50051]
          --bind ADDRESS       address to bind [default 127.0.0.1; only loopback runs without authentication]
          --tls-cert FILE      serve TLS with this certificate: PKCS#12 (password in CityTwin:Tls:CertificatePassword)
                               or PEM (with --tls-key FILE)
          --postgres CONN      PostgreSQL connection string: grain state and reminders go there
                               (schema applied on start); without it both stay in memory
          --init-db            apply the PostgreSQL schema (needs --postgres) and exit
          --sample-city DIR    bundle loaded at start [default: the bundled Ordos sample city]
          --no-sample          start with an empty registry
          --silo-port N        Orleans silo port [default 11111]
          --gateway-port N     Orleans gateway port [default 30000]
          --cluster MODE       local (one silo, localhost clustering) or postgres (silos join through
                               PostgreSQL's membership table; needs --postgres) [default local]
          --advertise IP       the address other silos reach this one at [default 127.0.0.1]
          --http-port N        HTTP/1 port for /metrics, /healthz/live, /healthz/ready [default 0: off]
          --help               show this text

        Every setting can also come from appsettings.json or the environment, e.g.
        CityTwin__Postgres="Host=127.0.0.1;Username=postgres;Database=citytwin".

        Authentication (docs/security.md): configuring any of these turns it on, and then any address may be bound:
          CityTwin:Auth:Jwt:SigningKey (>= 32 bytes; with Issuer, Audience [default citytwin]) or CityTwin:Auth:Jwt:Authority
          CityTwin:Auth:ApiKeys:N:Subject, :Role, :Scope, :Sha256 (hex SHA-256 of the key) or :Key
        e.g. CityTwin__Auth__Jwt__SigningKey=... ; mint a development token with `citytwin token --role city-admin`.
        Cluster (docs/cluster.md): CityTwin:Cluster:Mode, :AdvertisedAddress, :ListenAddress, :ProbeTimeout,
        :MissedProbesLimit, :TableRefreshTimeout, :IAmAliveTablePublishTimeout, :ResponseTimeout; CityTwin:ClusterId.
        Observability: CityTwin:Telemetry:OtlpEndpoint, CityTwin:Telemetry:Dashboard (docs/cluster.md).
        Limits: CityTwin:Limits:RequestsPerSecond, :RequestBurst, :MaxMessageBytes, :MaxConcurrentStreamsPerCaller.
        """;

    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--port"] = "CityTwin:GrpcPort",
        ["--bind"] = "CityTwin:Bind",
        ["--postgres"] = "CityTwin:Postgres",
        ["--sample-city"] = "CityTwin:SampleCity",
        ["--silo-port"] = "CityTwin:SiloPort",
        ["--gateway-port"] = "CityTwin:GatewayPort",
        ["--tls-cert"] = "CityTwin:Tls:CertificatePath",
        ["--tls-key"] = "CityTwin:Tls:KeyPath",
        ["--cluster"] = "CityTwin:Cluster:Mode",
        ["--advertise"] = "CityTwin:Cluster:AdvertisedAddress",
        ["--http-port"] = "CityTwin:HttpPort",
    };

    public static HostArguments Parse(string[] args)
    {
        bool help = false, initDb = false;
        var config = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--help" or "-h": help = true; break;
                case "--init-db": initDb = true; break;
                case "--no-sample": config.Add("--CityTwin:SampleCity="); break;
                default:
                    if (Switches.TryGetValue(arg, out var key))
                    {
                        if (i + 1 >= args.Length) throw new ArgumentException($"{arg} needs a value");
                        config.Add($"--{key}={args[++i]}");
                    }
                    else config.Add(arg);
                    break;
            }
        }
        return new HostArguments(help, initDb, config.ToArray());
    }
}
