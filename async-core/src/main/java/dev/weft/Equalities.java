package dev.weft;

import java.util.Objects;

/** The shared equality instances; enum singletons so the kernel can recognise the default cheaply. */
enum Equalities implements Equality<Object> {
  EQUALS {
    @Override
    public boolean equal(Object a, Object b) {
      return Objects.equals(a, b);
    }
  },
  IDENTITY {
    @Override
    public boolean equal(Object a, Object b) {
      return a == b;
    }
  },
  NEVER {
    @Override
    public boolean equal(Object a, Object b) {
      return false;
    }
  }
}
