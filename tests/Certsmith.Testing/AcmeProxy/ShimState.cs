namespace Certsmith.Testing.AcmeProxy;

/// <summary>What the proxy learnt from the traffic. Thread-safe: one lock, since it is a test tool.</summary>
internal sealed class ShimState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RenewalWindow> windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderRecord> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> replacedBy = new(StringComparer.Ordinal);
    private readonly List<string> replacedCertIds = [];
    private readonly List<AcmeShimRequest> requests = [];

    public void Record(AcmeShimRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
        }
    }

    public IReadOnlyList<AcmeShimRequest> Requests()
    {
        lock (gate)
        {
            return [.. requests];
        }
    }

    /// <summary>Remembers a certificate's window unless a test already set one.</summary>
    public void RememberCertificate(string certId, RenewalWindow window)
    {
        lock (gate)
        {
            windows.TryAdd(certId, window);
        }
    }

    public void SetWindow(string certId, RenewalWindow window)
    {
        lock (gate)
        {
            windows[certId] = window;
        }
    }

    public RenewalWindow? WindowOf(string certId)
    {
        lock (gate)
        {
            return windows.GetValueOrDefault(certId);
        }
    }

    /// <summary>
    /// RFC 9773 §5: a certificate already marked replaced by another order that is not invalid
    /// cannot be replaced again.
    /// </summary>
    public bool IsAlreadyReplaced(string certId)
    {
        lock (gate)
        {
            return replacedBy.TryGetValue(certId, out var orderPath)
                && orders.GetValueOrDefault(orderPath)?.Status != "invalid";
        }
    }

    public void RecordNewOrder(string orderPath, string? profile, string? replaces, string? status)
    {
        lock (gate)
        {
            orders[orderPath] = new OrderRecord(profile, replaces, status);
            if (replaces is not null)
            {
                replacedBy[replaces] = orderPath;
                replacedCertIds.Add(replaces);
            }
        }
    }

    /// <summary>Notes the order's latest status and returns what the proxy added to it, if anything.</summary>
    public OrderRecord? UpdateOrder(string orderPath, string? status)
    {
        lock (gate)
        {
            if (!orders.TryGetValue(orderPath, out var order))
            {
                return null;
            }

            orders[orderPath] = order with { Status = status };
            return order;
        }
    }

    public OrderRecord? OrderOf(string orderPath)
    {
        lock (gate)
        {
            return orders.GetValueOrDefault(orderPath);
        }
    }

    public IReadOnlyList<string> ReplacedCertIds()
    {
        lock (gate)
        {
            return [.. replacedCertIds];
        }
    }
}

/// <summary>An order created through the proxy: the fields Pebble does not echo, and its last status seen.</summary>
internal sealed record OrderRecord(string? Profile, string? Replaces, string? Status);
