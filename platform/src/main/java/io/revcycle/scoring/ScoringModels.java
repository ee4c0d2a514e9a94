package io.revcycle.scoring;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;

interface ScoringModels extends JpaRepository<ScoringModel, UUID> {

	@Query("select m from ScoringModel m where m.status = io.revcycle.scoring.ScoringModel.Status.ACTIVE")
	Optional<ScoringModel> findActive();

	@Query("select coalesce(max(m.version), 0) from ScoringModel m")
	int maxVersion();

	@Query("select m from ScoringModel m order by m.version desc")
	List<ScoringModel> findAllNewestFirst(org.springframework.data.domain.Limit limit);

	@Query("select m from ScoringModel m where m.version < ?1 order by m.version desc")
	List<ScoringModel> findOlderThan(int version, org.springframework.data.domain.Limit limit);

}
