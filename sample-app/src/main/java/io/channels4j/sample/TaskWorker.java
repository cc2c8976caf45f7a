package io.channels4j.sample;

import io.channels4j.auth.Auth;
import io.channels4j.core.GenericConsumer;
import io.channels4j.core.Message;
import java.util.zip.CRC32;

/** The background worker on channel {@code tasks}: runs a task, then tells its user's sockets. */
public final class TaskWorker extends GenericConsumer {
    /** Message "task.run": produce the report and announce it. */
    void taskRun(Message task) {
        String id = task.getString("id");
        CRC32 report = new CRC32(); // stands for real work: a checksum over the task's fields
        report.update((id + task.getString("kind") + task.getString("user")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Auth.sendToUser(channelLayer(), task.getString("user"), Message.of("task.done", "id", id, "kind", task.getString("kind"),
                "result", Long.toHexString(report.getValue())));
    }
}
