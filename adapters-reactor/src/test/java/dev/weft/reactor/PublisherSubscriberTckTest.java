package dev.weft.reactor;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK rules for the subscriber that {@link ReactorBridge#fromPublisher} subscribes
 * to its source with ({@link PublisherSubscriber}). Run by TestNG on the JUnit Platform (testng-engine).
 */
public class PublisherSubscriberTckTest extends SubscriberBlackboxVerification<Integer> {

  public PublisherSubscriberTckTest() {
    super(new TestEnvironment(2_000, 300));
  }

  @Override
  public Subscriber<Integer> createSubscriber() {
    return new PublisherSubscriber<>(Flux.never(), new RecordingSink<>());
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
