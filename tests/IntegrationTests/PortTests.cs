extern alias apphost;
using apphost::OrderPlatform.AppHost;

namespace OrderPlatform.IntegrationTests;

public class PortTests
{
    /// <summary>
    /// The AppHost must never give two services the same port, nor one the platform's servers take, nor one from the
    /// kernel's ephemeral range (an outgoing connection could take it before the service binds it).
    /// </summary>
    [Fact]
    public void Free_ports_handed_to_services_are_distinct_not_reserved_and_below_the_ephemeral_range()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        var reserved = Enumerable.Range(20000, 200).ToArray();
        PlatformExtensions.Reserve(reserved);

        var ports = Enumerable.Range(0, 200).Select(_ => PlatformExtensions.FreePort()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Empty(ports.Intersect(reserved));
        Assert.All(ports, port => Assert.InRange(port, 20000, ephemeralLow - 1));
    }
}
