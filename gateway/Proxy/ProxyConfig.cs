namespace OrderPlatform.Gateway.Proxy;

/// <summary>
/// The route table, in the shape of YARP's "ReverseProxy" configuration section (Routes with a
/// ClusterId, a Match.Path and an AuthorizationPolicy; Clusters with Destinations), so the
/// configuration carries over unchanged when Yarp.ReverseProxy can be restored.
/// </summary>
public sealed class ProxyConfig
{
    public Dictionary<string, RouteConfig> Routes { get; set; } = [];
    public Dictionary<string, ClusterConfig> Clusters { get; set; } = [];
}

public sealed class RouteConfig
{
    public string ClusterId { get; set; } = "";
    public string AuthorizationPolicy { get; set; } = "";
    public int Order { get; set; }
    public RouteMatch Match { get; set; } = new();
}

public sealed class RouteMatch
{
    /// <summary>A path pattern such as /api/orders/{**catch-all}.</summary>
    public string Path { get; set; } = "";
}

public sealed class ClusterConfig
{
    public Dictionary<string, DestinationConfig> Destinations { get; set; } = [];
}

public sealed class DestinationConfig
{
    public string Address { get; set; } = "";
}
