using System.Security.Cryptography.X509Certificates;

namespace CityTwin.Host;

/// <summary>Loads the server certificate named by <see cref="TlsOptions"/>.</summary>
public static class TlsCertificate
{
    public static X509Certificate2 Load(TlsOptions tls)
    {
        if (!File.Exists(tls.CertificatePath)) throw new FileNotFoundException($"CityTwin:Tls:CertificatePath '{tls.CertificatePath}' does not exist");
        if (tls.KeyPath.Length > 0) return X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
        return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword.Length == 0 ? null : tls.CertificatePassword);
    }
}
