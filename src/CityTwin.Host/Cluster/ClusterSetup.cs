using System.Net;
using Orleans.Configuration;

namespace CityTwin.Host.Cluster;

/// <summary>Membership for the chosen cluster mode: localhost clustering, or ADO.NET clustering on PostgreSQL.</summary>
public static class ClusterSetup
{
    public static ISiloBuilder UseCityTwinClustering(this ISiloBuilder silo, CityTwinOptions options, string invariant)
    {
        var cluster = options.Cluster;
        if (!cluster.IsPostgres)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            var advertised = IPAddress.Parse(cluster.AdvertisedAddress);
            var listen = cluster.ListenAddress.Length > 0 ? IPAddress.Parse(cluster.ListenAddress) : advertised;
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(listen, options.GatewayPort);
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = invariant;
                o.ConnectionString = options.Postgres;
            });
        }

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.TableRefreshTimeout = cluster.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = cluster.IAmAliveTablePublishTimeout;
            o.DefunctSiloExpiration = cluster.DefunctSiloExpiration;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        return silo;
    }
}
