package com.example.jpashop;

import org.springframework.data.jpa.repository.JpaRepository;

/** The twin's summaries, through Spring Data JPA. */
public interface OrderSummaryRepository extends JpaRepository<OrderSummaryEntity, String> {
}
