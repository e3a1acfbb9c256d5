package com.example.startup;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Prints {@value #MARKER} on standard output when the application is ready; {@link StartupRatio} registers it in
 * each child JVM through Boot's {@code context.listener.classes}, so neither application's code knows of it.
 */
public class ReadyLine implements ApplicationListener<ApplicationReadyEvent> {

    /** The line a child prints once {@link ApplicationReadyEvent} was published. */
    public static final String MARKER = "CAIRN-STARTUP-READY";

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        System.out.println(MARKER);
        System.out.flush();
    }
}
