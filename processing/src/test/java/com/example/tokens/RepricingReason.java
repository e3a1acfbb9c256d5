package com.example.tokens;

import java.math.BigDecimal;

/** A replay context holding a decimal whose scale matters. */
public record RepricingReason(String reason, BigDecimal price) {
}
