namespace Sim.Training.Engine;

/// <summary>Sink for the operations the engine executes (the timing simulator replays exactly these).</summary>
public interface IOpRecorder
{
    void Record(ExecutedOp op);
}
