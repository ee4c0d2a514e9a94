package io.revcycle.revenue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a payment's cash is shared among the touches that led to it, as HubSpot and Marketo
 * Measure define the models. The key touches of a path are the first touch, lead creation
 * (the last touch at or before the person became known), opportunity creation (the last
 * touch at or before their deal opened) and closed won (the last touch at or before the
 * deal was won, else the payment); the middle touches are the others between the first
 * touch and the model's last key touch.
 */
public enum AttributionModel {

	/** All to the first touch. */
	FIRST_TOUCH("first_touch"),

	/** All to the last touch before the payment. */
	LAST_TOUCH("last_touch"),

	/** Equal shares to every touch. */
	LINEAR("linear"),

	/** 40% first touch, 40% lead creation, 20% across the touches between them. */
	U_SHAPED("u_shaped"),

	/**
	 * 30% each to first touch, lead creation and opportunity creation, 10% across the
	 * touches between them.
	 */
	W_SHAPED("w_shaped"),

	/**
	 * 22.5% each to first touch, lead creation, opportunity creation and closed won, 10%
	 * across the others.
	 */
	FULL_PATH("full_path"),

	/** Each touch weighs half as much for every 7 days it came before the payment. */
	TIME_DECAY("time_decay"),

	/** 20% first touch, 60% last touch, 20% across the touches between them. */
	J_SHAPED("j_shaped"),

	/** 60% first touch, 20% last touch, 20% across the touches between them. */
	INVERSE_J("inverse_j");

	/** The model reports use when none is asked for. */
	public static final AttributionModel DEFAULT = LINEAR;

	private final String id;

	AttributionModel(String id) {
		this.id = id;
	}

	/** The name the API uses, for example {@code u_shaped}. */
	public String id() {
		return this.id;
	}

	/** The names of every model, as the API takes them. */
	public static List<String> ids() {
		return Arrays.stream(values()).map(AttributionModel::id).toList();
	}

	/** The model of this name, if there is one. */
	public static Optional<AttributionModel> of(String id) {
		if (id == null) {
			return Optional.empty();
		}
		String wanted = id.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((m) -> m.id.equals(wanted)).findFirst();
	}

}
