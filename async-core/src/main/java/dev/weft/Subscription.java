package dev.weft;

/** A registration that delivers values until disposed. */
public interface Subscription extends Disposable {}
