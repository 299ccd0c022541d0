using System.Runtime.CompilerServices;

// The tests write ONNX files with the same generated protobuf types the importer reads.
[assembly: InternalsVisibleTo("Sim.Onnx.Tests")]

// The fuzz suite mutates models structurally with the same types.
[assembly: InternalsVisibleTo("Sim.Fuzz.Tests")]
