package dev.weft;

/**
 * What an async body running on its own thread (without the graph lock) is, for the kernel: the
 * target of its tracked reads. Bound in {@link Kernel#FRAME} for the duration of the body.
 */
interface AsyncFrame {
  /** Bound by {@code untracked()} inside an async body: reads are not tracked. */
  AsyncFrame NONE = new AsyncFrame() {
    @Override
    public Kernel kernel() {
      return DetachedKernel.INSTANCE;
    }

    @Override
    public void track(Node dep) {}
  };

  /** The graph the run belongs to. */
  Kernel kernel();

  /** Records a read of {@code dep}; called under the kernel's lock, after {@code dep.refresh()}. */
  void track(Node dep);

  /** A kernel no node belongs to, so {@link #NONE} never matches a real graph. */
  final class DetachedKernel {
    static final Kernel INSTANCE = new Kernel("none", TaskFactory.inline(), e -> {});

    private DetachedKernel() {}
  }
}
