package com.example.tokens;

import java.util.List;
import java.util.Map;

/** A replay context as an application passes it to {@code resetTokens(context)}. */
public record RebuildReason(String reason, int batch, long position, double ratio, boolean full, List<String> tags,
                            Map<String, Integer> counts, String note) {
}
