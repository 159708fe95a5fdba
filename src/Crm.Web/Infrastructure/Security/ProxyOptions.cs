using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Crm.Data;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// The <c>Proxy</c> configuration section: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// the app believes. Nothing is trusted unless it is named here, so a client reaching the app directly cannot claim
/// another address or HTTPS by sending those headers itself.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// <c>Proxy:KnownProxies</c>: the addresses the proxies connect from, separated by <c>,</c> or <c>;</c> (one string,
    /// so that one environment variable sets it), e.g. <c>127.0.0.1</c> for nginx on the same machine.
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary><c>Proxy:KnownNetworks</c>: networks in CIDR notation (<c>10.0.0.0/24</c>) whose every address is a trusted proxy.</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>
    /// <c>Proxy:ForwardLimit</c>: how many trusted proxies stand in a row before the app. One (nginx alone) means only
    /// the last <c>X-Forwarded-For</c> entry, the one nginx itself appended, is read: whatever a client put in front of
    /// it is ignored, even when the client's own address happens to lie in a trusted network.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>
    /// The trusted proxies this section names, or null when it names none (forwarded headers are then not read at all).
    /// </summary>
    /// <exception cref="CrmConfigurationException">An address or network that cannot be read, or a limit below one:
    /// start-up stops with the reason rather than trusting less (or more) than the operator meant.</exception>
    public static TrustedProxies? Read(IConfiguration configuration)
    {
        ProxyOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<ProxyOptions>() ?? new ProxyOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message names the key and the type (a ForwardLimit that is not a number).
            throw new CrmConfigurationException($"The '{Section}' section cannot be read: {ex.Message}", ex);
        }

        var proxies = Items(options.KnownProxies).Select(ParseAddress).ToList();
        var networks = Items(options.KnownNetworks).Select(ParseNetwork).ToList();
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return null;
        }
        if (options.ForwardLimit < 1)
        {
            throw new CrmConfigurationException(
                $"{Section}:ForwardLimit is {options.ForwardLimit.ToString(CultureInfo.InvariantCulture)}; it must be at least 1 " +
                "(the number of trusted proxies in a row in front of the app; 1 for nginx alone).");
        }
        return new TrustedProxies(proxies, networks, options.ForwardLimit);
    }

    private static IEnumerable<string> Items(string? list) =>
        (list ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IPAddress ParseAddress(string text) =>
        TryParseAddress(text, out var address)
            ? address
            : throw new CrmConfigurationException(
                $"{Section}:KnownProxies holds '{text}', which is not an IP address. Give the addresses the proxies connect " +
                "from, separated by ',' or ';' (e.g. 127.0.0.1, or 10.0.0.5;10.0.0.6), or a network in Proxy:KnownNetworks.");

    private static System.Net.IPNetwork ParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && TryParseAddress(text[..slash], out _) && System.Net.IPNetwork.TryParse(text, out var network))
        {
            return network;
        }
        throw new CrmConfigurationException(
            $"{Section}:KnownNetworks holds '{text}', which is not a network in CIDR notation: an address, '/', and a prefix " +
            "length, with no address bits set beyond the prefix (e.g. 10.0.0.0/24 or fd00::/8), separated by ',' or ';'.");
    }

    /// <summary>
    /// IPv6 as .NET reads it; IPv4 only as four decimal numbers. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
    /// also takes "10" (0.0.0.10), "10.1" or hexadecimal parts, so a mistyped address would silently trust another one.
    /// </summary>
    private static bool TryParseAddress(string text, out IPAddress address)
    {
        if (!IPAddress.TryParse(text, out address!))
        {
            return false;
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6
            || address.ToString().Equals(text, StringComparison.Ordinal);
    }
}

/// <summary>The proxies the app believes, read from <see cref="ProxyOptions"/>.</summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks, int ForwardLimit);
