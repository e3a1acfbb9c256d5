package com.example.deadletters;

import java.math.BigDecimal;
import java.util.List;

/**
 * An event whose JSON holds a decimal ({@code 12.50}) that only decimal128 keeps exactly as a number.
 */
public record PriceChanged(String sku, BigDecimal price, int count, List<String> tags) {
}
