package dev.weft.bus;

import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.text.MessageFormat;
import org.jspecify.annotations.Nullable;

/** A {@link System.Logger} that keeps what it is given, for assertions. */
final class RecordingLogger implements System.Logger {

  /** One logged record. */
  record Entry(Level level, String message, @Nullable Throwable error) {}

  final List<Entry> entries = new CopyOnWriteArrayList<>();

  List<Entry> at(Level level) {
    return entries.stream().filter(e -> e.level() == level).toList();
  }

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String msg, @Nullable Throwable thrown) {
    entries.add(new Entry(level, String.valueOf(msg), thrown));
  }

  @Override
  public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
    String text = String.valueOf(format);
    try {
      text = params == null || params.length == 0 ? text : MessageFormat.format(text, params);
    } catch (IllegalArgumentException | MissingResourceException e) {
      // keep the raw format
    }
    entries.add(new Entry(level, text, null));
  }
}
