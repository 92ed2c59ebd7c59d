using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CityTwin.Protos.V1;
using Grpc.Net.Client;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>TLS on Kestrel from a certificate file: a client that trusts the certificate calls with its token over https.</summary>
public class TlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_serves_tls_from_a_pkcs12_file()
    {
        var directory = Directory.CreateTempSubdirectory("citytwin-tls-");
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var file = Path.Combine(directory.FullName, "server.pfx");
            await File.WriteAllBytesAsync(file, certificate.Export(X509ContentType.Pkcs12, "secret"), Ct);

            await using var host = await RunningHost.StartAsync(sampleCity: "", configuration:
                [.. Identities.AuthConfiguration(), $"--CityTwin:Tls:CertificatePath={file}", "--CityTwin:Tls:CertificatePassword=secret"]);
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint;
            using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{host.GrpcPort}", new GrpcChannelOptions { HttpHandler = handler });

            var page = await new QueryService.QueryServiceClient(channel).FindUnitsAsync(new FindUnitsRequest(), Identities.Platform.Headers, cancellationToken: Ct);

            Assert.Empty(page.Units);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
