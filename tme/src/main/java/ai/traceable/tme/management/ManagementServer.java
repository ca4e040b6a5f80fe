package ai.traceable.tme.management;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;

/** Starts pekko-management: {@code /alive} and {@code /ready} on the management port. */
public final class ManagementServer {
  private ManagementServer() {}

  /** Starts the server; completes with its base URI, or fails with the bind error. */
  public static CompletionStage<Uri> start(ActorSystem<?> system) {
    return PekkoManagement.get(system.classicSystem()).start();
  }
}
