using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Components.Config;

namespace Sim.Mapping.Traces;

/// <summary>
/// A fingerprint of a <see cref="HardwareConfig"/> recorded in trace headers, so a trace compiled for one
/// configuration is not silently replayed on another: SHA-256 of the configuration's canonical JSON (object
/// keys sorted, numbers in shortest round-trip form, independent of culture and dictionary insertion order).
/// </summary>
public static class HardwareHash
{
    public static string Of(HardwareConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config) ?? throw new InvalidOperationException("configuration serialized to null");
        var canonical = Canonical(node)?.ToJsonString() ?? "null";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
