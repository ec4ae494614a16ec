using DlSim.Cluster;

namespace DlSim.Model;

/// <summary>The executables a simulation may place, by executable name.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, Executable> _byName;

    public ModelCatalog(IEnumerable<Executable> executables)
    {
        _byName = new Dictionary<string, Executable>(StringComparer.Ordinal);
        foreach (var e in executables) _byName.Add(e.Name, e);
    }

    public IEnumerable<Executable> Executables => _byName.Values;

    public bool TryGet(string executableName, out Executable executable) =>
        _byName.TryGetValue(executableName, out executable!);

    public Executable this[string executableName] => _byName[executableName];

    /// <summary>
    /// The seven executables measured on V100 GPUs by the original tool's authors
    /// (BERT 125M and 2.6B; 1 GPU, 2-GPU tensor, 2- and 4-stage pipeline).
    /// </summary>
    public static ModelCatalog BuiltIn { get; } = new(
    [
        Make("Bert_125M", "Bert_125M_1_device", (1, 1, 0.01893)),
        Make("Bert_125M", "Bert_125M_2_device_intra", (1, 2, 0.0139)),
        Make("Bert_125M", "Bert_125M_2_device_inter", (1, 1, 0.010), (1, 1, 0.010)),
        Make("Bert_2.6B", "Bert_2.6B_1_device", (1, 1, 0.14520)),
        Make("Bert_2.6B", "Bert_2.6B_2_device_intra", (1, 2, 0.0985)),
        Make("Bert_2.6B", "Bert_2.6B_2_device_inter", (1, 1, 0.0730), (1, 1, 0.0734)),
        Make("Bert_2.6B", "Bert_2.6B_4_device_inter", (1, 1, 0.037), (1, 1, 0.037), (1, 1, 0.037), (1, 1, 0.037)),
    ]);

    private static Executable Make(string model, string name, params (int Nodes, int Gpus, double Latency)[] stages) =>
        new(model, name, stages.Select(s => new StageSpec(new MeshShape(s.Nodes, s.Gpus), s.Latency)).ToArray());
}
