package dev.weft.state;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventHandler} backed by a public method of an object ({@link
 * EventRuntime.Builder#handlers(Object)}). Immutable; invoked from any run thread.
 */
final class ReflectiveHandler implements EventHandler {

  /** What the method's first parameter receives, if not a dispatch argument. */
  private enum Injected {
    NONE,
    STATE,
    CONTEXT
  }

  private final String name;
  private final MethodHandle method; // bound to the target, fixed arity
  private final Injected injected;
  private final List<Class<?>> argTypes; // the parameters that take dispatch arguments

  private ReflectiveHandler(String name, MethodHandle method, Injected injected, List<Class<?>> argTypes) {
    this.name = name;
    this.method = method;
    this.injected = injected;
    this.argTypes = argTypes;
  }

  /** Returns the handlers of {@code target}, by name, in a stable (sorted) order. */
  static Map<String, EventHandler> of(Object target, MethodHandles.@Nullable Lookup lookup) {
    Class<?> type = target.getClass();
    Map<String, Method> byName = new LinkedHashMap<>();
    Method[] methods = type.getMethods();
    Arrays.sort(methods, (a, b) -> a.getName().compareTo(b.getName()));
    for (Method m : methods) {
      if (Modifier.isStatic(m.getModifiers())
          || m.isSynthetic()
          || m.isBridge()
          || m.getName().startsWith("_")
          || isObjectMethod(m)) {
        continue;
      }
      Method clash = byName.putIfAbsent(m.getName(), m);
      if (clash != null) {
        throw new IllegalArgumentException(
            "handler object "
                + type.getName()
                + " has overloaded public methods named '"
                + m.getName()
                + "'; event handlers are found by name, so rename one (or prefix it with '_' to hide"
                + " it)");
      }
    }
    Map<String, EventHandler> handlers = new LinkedHashMap<>();
    for (Method m : byName.values()) {
      handlers.put(m.getName(), create(target, m, lookup));
    }
    return handlers;
  }

  private static boolean isObjectMethod(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static ReflectiveHandler create(Object target, Method m, MethodHandles.@Nullable Lookup lookup) {
    MethodHandle handle;
    try {
      if (lookup != null) {
        handle = lookup.unreflect(m);
      } else if (m.trySetAccessible()) {
        handle = MethodHandles.lookup().unreflect(m); // accessible flag set: no further access check
      } else {
        throw inaccessible(target, m, null);
      }
    } catch (IllegalAccessException e) {
      throw inaccessible(target, m, e);
    }
    handle = handle.bindTo(target).asFixedArity();
    Class<?>[] params = m.getParameterTypes();
    Injected injected = Injected.NONE;
    if (params.length > 0 && params[0] == SessionState.class) {
      injected = Injected.STATE;
    } else if (params.length > 0 && params[0] == EventContext.class) {
      injected = Injected.CONTEXT;
    }
    List<Class<?>> argTypes =
        List.of(params).subList(injected == Injected.NONE ? 0 : 1, params.length);
    return new ReflectiveHandler(m.getName(), handle, injected, List.copyOf(argTypes));
  }

  private static IllegalArgumentException inaccessible(
      Object target, Method m, @Nullable IllegalAccessException cause) {
    IllegalArgumentException e =
        new IllegalArgumentException(
            "cannot access handler method "
                + target.getClass().getName()
                + "."
                + m.getName()
                + ": make the class public in a package exported to module dev.weft, open its package"
                + " to dev.weft, or register it with handlers(target, MethodHandles.lookup())");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  @Override
  public @Nullable Object handle(EventContext event) throws Exception {
    List<@Nullable Object> args = event.args();
    if (injected == Injected.CONTEXT && argTypes.isEmpty()) {
      return invoke(List.of(event)); // reads its arguments from the context, however many
    }
    if (args.size() != argTypes.size()) {
      throw new IllegalArgumentException(
          "handler '" + name + "' takes " + argTypes.size() + " argument(s) " + describe(argTypes)
              + ", got " + args.size());
    }
    List<@Nullable Object> call = new ArrayList<>(args.size() + 1);
    switch (injected) {
      case STATE -> call.add(event.state());
      case CONTEXT -> call.add(event);
      case NONE -> {}
    }
    for (int i = 0; i < args.size(); i++) {
      Class<?> type = argTypes.get(i);
      Object arg = args.get(i);
      if (arg == null ? type.isPrimitive() : !boxed(type).isInstance(arg)) {
        throw new IllegalArgumentException(
            "handler '" + name + "' argument " + i + " must be a " + type.getName() + ", got "
                + (arg == null ? "null" : arg.getClass().getName()));
      }
      call.add(arg);
    }
    return invoke(call);
  }

  private @Nullable Object invoke(List<?> call) throws Exception {
    try {
      return method.invokeWithArguments(call);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("handler '" + name + "' threw " + t, t);
    }
  }

  private static Class<?> boxed(Class<?> type) {
    return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
  }

  private static String describe(List<Class<?>> types) {
    return types.stream().map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String toString() {
    return "handler '" + name + "' " + method.type();
  }
}
