namespace CityTwin.Host.Cluster;

/// <summary>How silos find each other (configuration section <c>CityTwin:Cluster</c>; see docs/cluster.md).</summary>
public sealed class ClusterModeOptions
{
    public const string Local = "local";
    public const string Postgres = "postgres";

    /// <summary>
    /// <c>local</c>: one silo, localhost clustering (membership in memory). <c>postgres</c>: Orleans ADO.NET
    /// clustering on the same PostgreSQL as grain state; any number of silos with the same ClusterId join.
    /// </summary>
    public string Mode { get; set; } = Local;

    /// <summary>The IP address other silos reach this one at (a pod's IP in Kubernetes). Default: loopback.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Where the silo and gateway ports listen; "" listens on the advertised address, "0.0.0.0" on every interface.</summary>
    public string ListenAddress { get; set; } = "";

    /// <summary>Failure detection: how long one probe of another silo may take.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failure detection: missed probes after which a silo votes another one dead.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How often a silo re-reads the membership table (besides gossip).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a silo writes its I-am-alive time to the table.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a grain call may wait for its answer before it fails with a timeout.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries of silos dead for longer than this are removed from the table.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);

    public bool IsPostgres => string.Equals(Mode, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems(bool postgresConfigured)
    {
        if (!string.Equals(Mode, Local, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
            yield return $"Cluster:Mode '{Mode}' is neither '{Local}' nor '{Postgres}'";
        if (IsPostgres && !postgresConfigured)
            yield return "Cluster:Mode postgres needs a PostgreSQL connection string (CityTwin:Postgres or --postgres)";
        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            yield return $"Cluster:AdvertisedAddress '{AdvertisedAddress}' is not an IP address";
        if (ListenAddress.Length > 0 && !System.Net.IPAddress.TryParse(ListenAddress, out _))
            yield return $"Cluster:ListenAddress '{ListenAddress}' is not an IP address";
        if (MissedProbesLimit < 1) yield return "Cluster:MissedProbesLimit must be at least 1";
        foreach (var (name, value) in new[] { (nameof(ProbeTimeout), ProbeTimeout), (nameof(TableRefreshTimeout), TableRefreshTimeout),
                     (nameof(IAmAliveTablePublishTimeout), IAmAliveTablePublishTimeout), (nameof(ResponseTimeout), ResponseTimeout), (nameof(DefunctSiloExpiration), DefunctSiloExpiration) })
        {
            if (value <= TimeSpan.Zero) yield return $"Cluster:{name} must be positive";
        }
    }
}
