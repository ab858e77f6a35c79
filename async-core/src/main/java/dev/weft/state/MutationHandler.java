package dev.weft.state;

/**
 * Reacts to an assignment in a {@link SessionState}; registered with {@link
 * SessionState#subscribeMutation}. Runs synchronously on the assigning thread, after the value is
 * stored, and may itself assign (a cascade). A cascade that cycles past {@value
 * SessionState#MAX_CASCADE_DEPTH} levels is undone as a whole (see {@link SessionState}, "Mutation
 * handlers"); what a handler did outside the session is not.
 */
@FunctionalInterface
public interface MutationHandler {

  /**
   * Handles one assignment.
   *
   * @throws Exception anything; it is rethrown to the caller of {@code set}/{@code remove} (a checked
   *     exception wrapped in {@link IllegalStateException}) after the other handlers of that
   *     assignment ran
   */
  void onMutation(MutationEvent event) throws Exception;
}
