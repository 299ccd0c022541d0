using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sim.Studies.Output;

/// <summary>
/// The one JSON convention of every command's <c>--json</c> output and every report file: snake_case keys,
/// enums as strings, shortest round-trip numbers (culture-independent, so output is byte-identical across
/// machines), non-finite numbers as strings rather than a serializer crash.
/// </summary>
public static class Json
{
    /// <summary>Indented, for files people read.</summary>
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    /// <summary>One line, for <c>--json</c> on stdout.</summary>
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NewLine = "\n",
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, indented ? Indented : Compact);

    public static T? Deserialize<T>(string text) => JsonSerializer.Deserialize<T>(text, Indented);
}
