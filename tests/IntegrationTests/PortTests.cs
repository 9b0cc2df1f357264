extern alias apphost;
using apphost::OrderPlatform.AppHost;

namespace OrderPlatform.IntegrationTests;

public class PortTests
{
    /// <summary>The kernel may offer a just-released port again; the AppHost must never give two services the same one.</summary>
    [Fact]
    public void Free_ports_handed_to_services_are_never_the_same_twice()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => PlatformExtensions.FreePort()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
